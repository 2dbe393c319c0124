//! Streaming a batch through the workers: each worker gets a thread that
//! takes documents from the batch as the worker has room, keeps several
//! requests in flight (its writer thread feeds them to the pipe while the
//! worker is busy), and merges each reply as it comes, in order.
//!
//! Failures stay per document. Replies come in request order, so when a
//! worker dies, hangs or sends a broken reply, the document at the head of
//! its queue is the one it was working on: that document gets the error.
//! The documents queued behind it were never answered; they go, in order,
//! to a new worker started in its place. Each failure charges exactly one
//! document, so a run ends however often workers fail, and a document's
//! outcome does not depend on what else was in flight (the output is the
//! same at any batch size or thread count).

use super::reply;
use super::worker::{Failure, Slot};
use super::ExecStage;
use pipeline::pipeline::panic_message;
use pipeline::{BatchItem, StageError};
use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The documents of a batch not yet taken by a worker.
pub type Queue<'s, 'a> = Mutex<std::slice::IterMut<'s, BatchItem<'a>>>;

/// Most requests in flight on one worker.
const MAX_IN_FLIGHT: usize = 64;
/// Most request bytes in flight on one worker (a few pipe buffers' worth).
const MAX_BYTES_IN_FLIGHT: usize = 1 << 20;
/// How much of a worker's time its queue should hold: enough to cover the
/// hop back to newspipe and the next request's way in, no more, so that at
/// the end of a batch no worker sits on a long queue while another is idle.
const QUEUED_WORK: Duration = Duration::from_millis(5);

/// A request sent and not yet answered.
struct InFlight<'s, 'a> {
    item: &'s mut BatchItem<'a>,
    request: Arc<[u8]>,
    sent: Instant,
}

/// Takes documents from `queue` until it is empty, through the worker in
/// `slot` (started here when the slot is empty, restarted after a failure).
/// Returns the slot to give back to the pool.
pub fn run(stage: &ExecStage, slot: Slot, queue: &Queue<'_, '_>) -> Slot {
    let mut link = Link {
        stage,
        worker: slot,
        in_flight: VecDeque::new(),
        bytes_in_flight: 0,
        last_reply: Instant::now(),
        service: None,
    };
    loop {
        link.fill(queue);
        if !link.answer_head() {
            return link.worker;
        }
    }
}

/// One worker's side of a batch.
struct Link<'e, 's, 'a> {
    stage: &'e ExecStage,
    worker: Slot,
    in_flight: VecDeque<InFlight<'s, 'a>>,
    bytes_in_flight: usize,
    /// When the worker last replied (or started on this batch): the head of
    /// the queue has had the worker to itself since then, or since it was
    /// sent.
    last_reply: Instant,
    /// The worker's recent time per document, once it has answered one.
    service: Option<Duration>,
}

impl<'s, 'a> Link<'_, 's, 'a> {
    /// How many requests the worker should have in flight.
    fn window(&self) -> usize {
        match self.service {
            None => 4,
            Some(service) => {
                let fits = QUEUED_WORK.as_nanos() / service.as_nanos().max(1);
                (fits as usize).clamp(2, MAX_IN_FLIGHT)
            }
        }
    }

    /// Sends documents from the queue while the worker has room.
    fn fill(&mut self, queue: &Queue<'s, 'a>) {
        while self.in_flight.len() < self.window() && self.bytes_in_flight < MAX_BYTES_IN_FLIGHT {
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some(item) = next else { return };
            if let Err(message) = self.ensure_worker() {
                item.finish(Err(StageError::new(message)), Duration::ZERO);
                continue;
            }
            let request = match caught(|| self.stage.request(item.doc)) {
                Ok(request) => request,
                Err(message) => {
                    item.finish(Err(StageError::new(message)), Duration::ZERO);
                    continue;
                }
            };
            self.send(InFlight {
                item,
                request,
                sent: Instant::now(),
            });
        }
    }

    fn send(&mut self, request: InFlight<'s, 'a>) {
        let worker = self.worker.as_ref().expect("a worker runs");
        worker.send(Arc::clone(&request.request));
        self.bytes_in_flight += request.request.len();
        self.in_flight.push_back(request);
    }

    /// Starts a worker if there is none, or says why it cannot.
    fn ensure_worker(&mut self) -> Result<(), String> {
        if self.worker.is_none() {
            self.worker = Some(self.stage.pool.spawn()?);
            self.last_reply = Instant::now();
        }
        Ok(())
    }

    /// Waits for the reply to the oldest request and gives its document an
    /// outcome; false when nothing is in flight.
    fn answer_head(&mut self) -> bool {
        let Some(head) = self.in_flight.front() else {
            return false;
        };
        let worker = self
            .worker
            .as_mut()
            .expect("a worker runs while requests are in flight");
        let since = head.sent.max(self.last_reply);
        let warm = worker.started();
        let limit = match warm {
            true => self.stage.timeout,
            false => self.stage.timeout + self.stage.startup,
        };
        let reply = worker.reply(since, limit);
        let now = Instant::now();
        let head = self.in_flight.pop_front().expect("checked above");
        self.bytes_in_flight -= head.request.len();
        let took = now.saturating_duration_since(since);
        let outcome = match reply {
            Ok(reply) => {
                if warm {
                    self.note_service(took);
                }
                self.last_reply = now;
                let sent = &head.request[..head.request.len() - 1];
                let provides = &self.stage.provides;
                match caught(|| reply::merge(head.item.doc, provides, sent, &reply)) {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(problem)) if !problem.restart => Err(problem.message),
                    Ok(Err(problem)) => {
                        self.replace_worker();
                        Err(format!("{}; the worker was replaced", problem.message))
                    }
                    Err(panic) => {
                        self.replace_worker();
                        Err(panic)
                    }
                }
            }
            Err(failure) => {
                self.replace_worker();
                Err(match failure {
                    Failure::Exited(how) => format!(
                        "the worker {how} before replying; a new worker takes the records after it"
                    ),
                    // The same words whether or not the worker was new, so
                    // that the record's error does not depend on it.
                    Failure::TimedOut => format!(
                        "no reply within {} ms (timeout_ms; a new worker's first record also gets startup_ms, {} ms): the worker was killed; a new worker takes the records after it",
                        self.stage.timeout.as_millis(),
                        self.stage.startup.as_millis()
                    ),
                })
            }
        };
        head.item.finish(outcome.map_err(StageError::new), took);
        true
    }

    /// Keeps a running average of the worker's time per document.
    fn note_service(&mut self, took: Duration) {
        self.service = Some(match self.service {
            None => took,
            Some(average) => (average * 7 + took) / 8,
        });
    }

    /// Ends the failed worker and sends what was in flight behind the failed
    /// document, in order, to a new one.
    fn replace_worker(&mut self) {
        if let Some(worker) = self.worker.take() {
            worker.kill();
        }
        let waiting: Vec<InFlight> = self.in_flight.drain(..).collect();
        self.bytes_in_flight = 0;
        if waiting.is_empty() {
            // Started when the next document needs it.
            return;
        }
        if let Err(message) = self.ensure_worker() {
            for request in waiting {
                request
                    .item
                    .finish(Err(StageError::new(message.clone())), Duration::ZERO);
            }
            return;
        }
        let now = Instant::now();
        for request in waiting {
            self.send(InFlight {
                sent: now,
                ..request
            });
        }
    }
}

/// Runs `work`, a panic turned into the error message the pipeline gives
/// one (so a bug here fails one document, not the batch).
fn caught<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work))
        .map_err(|panic| format!("panicked: {}", panic_message(&panic)))
}

/// Gives every document of the batch an outcome through the pool's workers.
pub fn process(stage: &ExecStage, batch: &mut [BatchItem<'_>]) {
    if batch.is_empty() {
        return;
    }
    let slots = stage.pool.checkout(batch.len());
    let queue: Queue = Mutex::new(batch.iter_mut());
    let returned: Vec<Slot> = std::thread::scope(|scope| {
        let mut slots = slots.into_iter();
        let first = slots.next().expect("checkout gives at least one slot");
        let others: Vec<_> = slots
            .map(|slot| {
                let queue = &queue;
                scope.spawn(move || run(stage, slot, queue))
            })
            .collect();
        let mut returned = vec![run(stage, first, &queue)];
        returned.extend(
            others
                .into_iter()
                .map(|thread| thread.join().unwrap_or(None)),
        );
        returned
    });
    for slot in returned {
        stage.pool.checkin(slot);
    }
}
