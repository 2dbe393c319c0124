//! The processes behind an `exec` stage: one worker is one child process
//! speaking the line protocol, and a pool hands workers out to the batches
//! that stream documents through them (`stream.rs`).
//!
//! Each worker has three small threads: one writes requests to its stdin
//! as they are queued (so many can be in flight, and a worker that stops
//! reading cannot block the caller), one reads reply lines from its stdout
//! (so a reply can be awaited with a timeout), one passes its stderr on,
//! line by line, prefixed with the stage's name.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a worker gets to exit after its stdin is closed, before it is
/// killed.
const EXIT_GRACE: Duration = Duration::from_secs(2);

/// Why a request got no reply.
#[derive(Debug)]
pub enum Failure {
    /// The worker's process ended (or closed its stdout): how it ended.
    Exited(String),
    /// No reply within the timeout; the worker has been killed.
    TimedOut,
}

/// One running worker process.
pub struct Worker {
    child: Child,
    requests: Option<Sender<Arc<[u8]>>>,
    replies: Receiver<Vec<u8>>,
    threads: Vec<JoinHandle<()>>,
    /// Whether the worker has replied yet: its first reply may also wait for
    /// its start-up (loading a model, say).
    started: bool,
}

impl Worker {
    /// Starts `command` (no shell: the program and its arguments as given).
    pub fn spawn(command: &[String], label: &str) -> Result<Worker, String> {
        let (program, args) = command.split_first().ok_or("the command is empty")?;
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start worker `{}`: {e}", command.join(" ")))?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");

        let (request_tx, request_rx) = mpsc::channel::<Arc<[u8]>>();
        let writer = thread::spawn(move || write_requests(stdin, request_rx));

        let (reply_tx, reply_rx) = mpsc::channel();
        let reader = thread::spawn(move || {
            let mut stdout = BufReader::with_capacity(1 << 16, stdout);
            // Replies are about as long as the last one (an echo is as long
            // as its request): room for that saves growing each line.
            let mut expected = 1 << 12;
            loop {
                let mut line = Vec::with_capacity(expected);
                match stdout.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        expected = n + n / 4;
                        if reply_tx.send(line).is_err() {
                            break;
                        }
                    }
                }
            }
        });

        let prefix = label.to_string();
        let passer = thread::spawn(move || {
            let stderr = BufReader::new(stderr);
            for line in stderr.split(b'\n') {
                let Ok(line) = line else { break };
                let line = String::from_utf8_lossy(&line);
                eprintln!("[{prefix}] {}", line.trim_end_matches('\r'));
            }
        });

        Ok(Worker {
            child,
            requests: Some(request_tx),
            replies: reply_rx,
            threads: vec![writer, reader, passer],
            started: false,
        })
    }

    /// Queues one request line (newline included) for the worker's stdin.
    /// A worker that can no longer take it shows as a failure of the reply.
    pub fn send(&self, request: Arc<[u8]>) {
        if let Some(requests) = &self.requests {
            // A closed channel means the writer met a closed stdin: the
            // reply wait below finds out how the worker ended.
            let _ = requests.send(request);
        }
    }

    /// Whether the worker has replied yet: its first reply may also wait for
    /// its start-up (loading a model, say).
    pub fn started(&self) -> bool {
        self.started
    }

    /// Waits for the next reply line until `since + limit`. On a timeout the
    /// worker is killed before this returns.
    pub fn reply(&mut self, since: Instant, limit: Duration) -> Result<Vec<u8>, Failure> {
        let wait = (since + limit).saturating_duration_since(Instant::now());
        match self.replies.recv_timeout(wait) {
            Ok(reply) => {
                self.started = true;
                Ok(reply)
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                Err(Failure::TimedOut)
            }
            Err(RecvTimeoutError::Disconnected) => Err(Failure::Exited(self.reap())),
        }
    }

    /// How the process ended, once it has closed its stdout; killed if it
    /// lingers.
    fn reap(&mut self) -> String {
        let deadline = Instant::now() + EXIT_GRACE;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return describe_exit(status),
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    return "closed its stdout and was killed".to_string();
                }
            }
        }
    }

    /// Closes the worker's stdin, gives it a moment to exit, then kills it;
    /// waits until its stderr has been passed on.
    pub fn stop(mut self) {
        self.requests = None;
        let deadline = Instant::now() + EXIT_GRACE;
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    /// Ends the worker at once (after a failure).
    pub fn kill(mut self) {
        self.requests = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write_requests(stdin: ChildStdin, requests: Receiver<Arc<[u8]>>) {
    let mut stdin = stdin;
    for request in requests {
        if stdin
            .write_all(&request)
            .and_then(|_| stdin.flush())
            .is_err()
        {
            break;
        }
    }
}

fn describe_exit(status: std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("was killed by signal {signal}");
        }
    }
    format!("ended ({status})")
}

/// Up to `size` workers, started when first needed; a batch checks out as
/// many as it can use, and a failed worker is replaced by the batch that
/// found it failing.
pub struct Pool {
    command: Vec<String>,
    label: String,
    size: usize,
    state: Mutex<PoolState>,
    freed: Condvar,
}

struct PoolState {
    idle: Vec<Worker>,
    /// Workers idle, checked out, or to be started.
    live: usize,
}

/// A place for one worker in a batch: a running one, or one to start.
pub type Slot = Option<Worker>;

impl Pool {
    pub fn new(command: Vec<String>, label: &str, size: usize) -> Pool {
        Pool {
            command,
            label: label.to_string(),
            size: size.max(1),
            state: Mutex::new(PoolState {
                idle: Vec::new(),
                live: 0,
            }),
            freed: Condvar::new(),
        }
    }

    /// The prefix of the workers' stderr lines; set before any worker starts.
    pub fn set_label(&mut self, label: &str) {
        self.label = label.to_string();
    }

    /// Starts a worker of this pool's command.
    pub fn spawn(&self) -> Result<Worker, String> {
        Worker::spawn(&self.command, &self.label)
    }

    /// Between 1 and `wanted` slots: idle workers first, then empty slots
    /// for workers the caller may start while fewer than `size` are live;
    /// waits for a worker to come back when neither is left (another batch,
    /// on another thread, has them all).
    pub fn checkout(&self, wanted: usize) -> Vec<Slot> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let mut slots = Vec::new();
            while slots.len() < wanted {
                match state.idle.pop() {
                    Some(worker) => slots.push(Some(worker)),
                    None if state.live < self.size => {
                        state.live += 1;
                        slots.push(None);
                    }
                    None => break,
                }
            }
            if !slots.is_empty() {
                return slots;
            }
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Gives a slot back: a healthy worker is kept for the next batch, an
    /// empty slot (its worker failed and could not be replaced) frees room
    /// for a new one.
    pub fn checkin(&self, slot: Slot) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match slot {
            Some(worker) => state.idle.push(worker),
            None => state.live -= 1,
        }
        drop(state);
        self.freed.notify_one();
    }
}
impl Drop for Pool {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        // Every worker sees the end of its input first, so they exit
        // together rather than one grace period after another.
        for worker in &mut state.idle {
            worker.requests = None;
        }
        for worker in state.idle.drain(..) {
            worker.stop();
        }
    }
}
