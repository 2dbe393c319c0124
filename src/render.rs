//! `newspipe render --html`: each article with its entities highlighted by
//! type, quotes underlined and linked to their speakers, and stances shown
//! on hover, like displaCy but for attribution.
//!
//! Annotations may nest (an entity in a quote) or cross, so the text is cut
//! at every annotation edge and each piece is wrapped in the elements that
//! cover it: quote, then entity, then speaker mention. A piece's elements
//! carry `data-q` / `data-e` ids, so one quote cut in pieces is still one
//! quote to the script and the tests.

use crate::html::{class_safe, escape, label_css, page};
use pipeline::{Document, Span, Stance};
use std::fmt::Write;

pub fn html(docs: &[Document]) -> String {
    let mut body = String::from("<h1>newspipe</h1>\n<p class=\"muted\">Entities are coloured by type; quotes are underlined (hover to see the speaker, click to jump to the attribution); a dotted outline marks a stance target, with the stance on hover.</p>\n<p class=\"legend\">");
    for (label, _) in crate::html::LABEL_COLOURS {
        let _ = write!(body, "<span class=\"ent ent-{label}\">{label}</span> ");
    }
    body.push_str("</p>\n");
    for (d, doc) in docs.iter().enumerate() {
        article(&mut body, d, doc);
    }
    // Label colours after the grey default, so they win.
    let style = format!("{RENDER_CSS}{}", label_css());
    page("newspipe: annotated articles", &style, &body, RENDER_JS)
}

fn article(out: &mut String, d: usize, doc: &Document) {
    let quotes: Vec<&pipeline::Quote> = doc.quotes.iter().flatten().collect();
    let entities: Vec<&pipeline::Entity> = doc.entities.iter().flatten().collect();
    let stances: Vec<&Stance> = doc.stances.iter().flatten().collect();
    let speakers: Vec<(usize, Span)> = quotes
        .iter()
        .enumerate()
        .filter_map(|(q, quote)| {
            quote
                .speaker
                .as_ref()
                .map(|s| (q, Span::new(s.start, s.end)))
        })
        .collect();
    let mut edges: Vec<usize> = vec![0, doc.text.len()];
    edges.extend(quotes.iter().flat_map(|q| [q.start, q.end]));
    edges.extend(entities.iter().flat_map(|e| [e.start, e.end]));
    edges.extend(
        stances
            .iter()
            .flat_map(|s| [s.mention.start, s.mention.end]),
    );
    edges.extend(speakers.iter().flat_map(|(_, s)| [s.start, s.end]));
    edges.retain(|&e| e <= doc.text.len() && doc.text.is_char_boundary(e));
    edges.sort_unstable();
    edges.dedup();

    let _ = writeln!(
        out,
        "<article id=\"doc-{d}\" data-entities=\"{}\" data-quotes=\"{}\"><h2>{}</h2>",
        entities.len(),
        quotes.len(),
        escape(&doc.id)
    );
    if let Some(title) = doc
        .meta
        .as_ref()
        .and_then(|m| m.get("title"))
        .and_then(|t| t.as_str())
    {
        let _ = writeln!(out, "<p class=\"muted\">{}</p>", escape(title));
    }
    out.push_str("<div class=\"text\">");
    let mut anchored = vec![false; quotes.len()];
    let mut seen_entity = vec![false; entities.len()];
    for piece in edges.windows(2) {
        let piece = Span::new(piece[0], piece[1]);
        if piece.is_empty() {
            continue;
        }
        let mut close = String::new();
        if let Some(q) = quotes.iter().position(|q| q.span().contains(piece)) {
            let quote = quotes[q];
            let who = quote
                .speaker
                .as_ref()
                .map_or("unattributed", |s| s.name.as_str());
            let mut title = format!("Quote by {who}");
            if let Some(cue) = &quote.cue {
                let _ = write!(title, " (cue: {})", cue.text);
            }
            for s in stances.iter().filter(|s| {
                s.unit.kind == "quote" && s.unit.start == quote.start && s.unit.end == quote.end
            }) {
                let _ = write!(title, "\n{}", stance_line(s));
            }
            let href = if quote.speaker.is_some() {
                format!(" href=\"#spk-{d}-{q}\"")
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<a class=\"quote {}\" data-q=\"{d}-{q}\"{href} title=\"{}\">",
                escape(&quote.kind),
                escape(&title)
            );
            close.insert_str(0, "</a>");
        }
        if let Some(e) = entities.iter().position(|e| e.span().contains(piece)) {
            let entity = entities[e];
            let mut title = entity.label.clone();
            if entity
                .canonical
                .as_deref()
                .is_some_and(|c| c != entity.text)
            {
                let _ = write!(title, " · {}", entity.name());
            }
            for s in stances.iter().filter(|s| s.mention == entity.span()) {
                let _ = write!(title, "\n{}", stance_line(s));
            }
            let first = if seen_entity[e] { "" } else { " first" };
            seen_entity[e] = true;
            let _ = write!(
                out,
                "<mark class=\"ent ent-{}{first}\" data-e=\"{d}-{e}\" title=\"{}\">",
                class_safe(&entity.label),
                escape(&title)
            );
            close.insert_str(0, "</mark>");
        } else if let Some(s) = stances.iter().find(|s| s.mention.contains(piece)) {
            let _ = write!(
                out,
                "<span class=\"target {}\" title=\"{}\">",
                class_safe(&s.label),
                escape(&stance_line(s))
            );
            close.insert_str(0, "</span>");
        }
        let of: Vec<usize> = speakers
            .iter()
            .filter(|(_, s)| s.contains(piece))
            .map(|(q, _)| *q)
            .collect();
        if !of.is_empty() {
            let ids: Vec<String> = of.iter().map(|q| format!("{d}-{q}")).collect();
            let anchors: String = of
                .iter()
                .filter(|&&q| !std::mem::replace(&mut anchored[q], true))
                .map(|q| format!("<span id=\"spk-{d}-{q}\"></span>"))
                .collect();
            let _ = write!(
                out,
                "{anchors}<span class=\"speaker\" data-speaker-of=\"{}\">",
                ids.join(" ")
            );
            close.insert_str(0, "</span>");
        }
        out.push_str(&escape(piece.slice(&doc.text)));
        out.push_str(&close);
    }
    out.push_str("</div>\n");
    if !doc.errors.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"errors\">{} errors: {}</p>",
            doc.errors.len(),
            escape(
                &doc.errors
                    .iter()
                    .map(|e| format!("{}: {}", e.stage, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        );
    }
    out.push_str("</article>\n");
}

fn stance_line(s: &Stance) -> String {
    format!(
        "{} → {}: {} ({:+.2})",
        s.holder.as_deref().unwrap_or("unattributed"),
        s.target,
        s.label,
        s.score
    )
}

const RENDER_CSS: &str = "article{border-top:1px solid #ddd;padding-top:.5rem}\n\
.text{white-space:pre-wrap;line-height:2}\n\
.ent{padding:.1em .2em;border-radius:.25em;background:#ddd}\n\
.legend .ent{margin-right:.3em;font-size:.85em}\n\
a.quote{color:inherit;text-decoration:underline 2px #6a4c93;text-underline-offset:.25em}\n\
a.quote.mixed{text-decoration-style:dashed}\n\
.speaker{border-bottom:3px double #6a4c93;font-weight:600}\n\
.target{outline:1px dotted #555}\n\
.target.favor,.cell.favor{outline-color:#2a9d8f}.target.against{outline-color:#e63946}\n\
.hl,.hl .speaker{background:#e0d4f5}\n\
.speaker.hl{background:#cdb4db}\n\
.errors{color:#b00}\n";

/// Hovering a quote lights up the whole quote and its speaker mention;
/// the counts are left on <body> for the browser test.
const RENDER_JS: &str = "(function () {\n\
  function light(q, on) {\n\
    document.querySelectorAll('[data-q=\"' + q + '\"]').forEach(function (el) { el.classList.toggle('hl', on); });\n\
    document.querySelectorAll('.speaker').forEach(function (el) {\n\
      if (el.dataset.speakerOf.split(' ').indexOf(q) >= 0) { el.classList.toggle('hl', on); }\n\
    });\n\
  }\n\
  document.querySelectorAll('a.quote').forEach(function (el) {\n\
    el.addEventListener('mouseenter', function () { light(el.dataset.q, true); });\n\
    el.addEventListener('mouseleave', function () { light(el.dataset.q, false); });\n\
  });\n\
  function distinct(selector, key) {\n\
    var seen = {};\n\
    document.querySelectorAll(selector).forEach(function (el) { seen[el.dataset[key]] = true; });\n\
    return Object.keys(seen).length;\n\
  }\n\
  document.body.dataset.articles = document.querySelectorAll('article').length;\n\
  document.body.dataset.entities = distinct('mark.ent', 'e');\n\
  document.body.dataset.quotes = distinct('a.quote', 'q');\n\
  document.body.dataset.linked = document.querySelectorAll('a.quote[href]').length > 0 &&\n\
    Array.prototype.every.call(document.querySelectorAll('a.quote[href]'), function (a) {\n\
      return document.getElementById(a.getAttribute('href').slice(1)) !== null;\n\
    }) ? 'yes' : 'no';\n\
  document.body.dataset.ready = 'yes';\n\
})();\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotated::tests::fixture;

    fn distinct(page: &str, attr: &str) -> usize {
        let markup = &page[..page.find("<script>").unwrap()];
        let mut ids: Vec<&str> = markup
            .split(&format!("{attr}=\""))
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    #[test]
    fn every_entity_and_quote_is_drawn_and_text_is_escaped() {
        let page = html(&fixture());
        assert_eq!(distinct(&page, "data-e"), 15);
        assert_eq!(distinct(&page, "data-q"), 5);
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; other tricks"));
        assert!(!page.contains("<script>alert"));
        // Linked quotes point at anchors that exist.
        for q in ["0-0", "0-1", "0-2", "1-1"] {
            assert!(page.contains(&format!("href=\"#spk-{q}\"")));
            assert!(page.contains(&format!("id=\"spk-{q}\"")));
        }
        assert!(page.contains("Amina Rahimova → Karstad: against (-0.60)"));
    }

    #[test]
    fn the_text_survives_unchanged_between_the_tags() {
        let docs = fixture();
        let page = html(&docs);
        let start = page.find("<div class=\"text\">").unwrap() + "<div class=\"text\">".len();
        let end = start + page[start..].find("</div>").unwrap();
        let mut text = String::new();
        let mut in_tag = false;
        for c in page[start..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        assert_eq!(text, docs[0].text);
    }
}
