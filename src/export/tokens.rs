//! Tokens for the exports that need them (CoNLL, spaCy, Prodigy).
//!
//! The document's own `tokens` layer when it has one (`annotate --emit
//! tokens`), else a split at whitespace and punctuation. Either way every
//! token is also cut at the edges of entities, quotes and sentences, so each
//! exported span covers whole tokens: the consuming tools reject spans that
//! end inside a token.

use pipeline::{Document, Span};

/// The document's tokens as byte spans, in order, aligned to every span edge.
pub fn aligned_tokens(doc: &Document) -> Vec<Span> {
    let base: Vec<Span> = match &doc.tokens {
        Some(tokens) => tokens.iter().map(|t| t.span()).collect(),
        None => split(&doc.text),
    };
    let mut cuts: Vec<usize> = span_edges(doc);
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(base.len());
    for token in base {
        let mut start = token.start;
        let first = cuts.partition_point(|&c| c <= token.start);
        for &cut in cuts[first..].iter().take_while(|&&c| c < token.end) {
            out.push(Span::new(start, cut));
            start = cut;
        }
        out.push(Span::new(start, token.end));
    }
    out
}

/// Every start and end of an entity, quote, speaker, cue and sentence.
fn span_edges(doc: &Document) -> Vec<usize> {
    let mut edges = Vec::new();
    let mut add = |start: usize, end: usize| edges.extend([start, end]);
    for e in doc.entities.iter().flatten() {
        add(e.start, e.end);
    }
    for q in doc.quotes.iter().flatten() {
        add(q.start, q.end);
        if let Some(s) = &q.speaker {
            add(s.start, s.end);
        }
        if let Some(c) = &q.cue {
            add(c.start, c.end);
        }
    }
    for s in doc.sentences.iter().flatten() {
        add(s.start, s.end);
    }
    edges
}

/// The span without whitespace at either end (empty if it is all
/// whitespace): token-based formats cannot start or end a span on a space.
pub fn trimmed(text: &str, span: Span) -> Span {
    let inner = span.slice(text);
    let start = span.start + (inner.len() - inner.trim_start().len());
    let end = (span.start + inner.trim_end().len()).max(start);
    Span::new(start, end)
}

/// Words (runs of letters, digits, marks and `_`) and single other
/// characters; whitespace separates and is dropped.
pub fn split(text: &str) -> Vec<Span> {
    let mut tokens = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || c == '_' || is_mark(c);
        match (in_word, word) {
            (true, None) => word = Some(i),
            (true, Some(_)) => {}
            (false, open) => {
                if let Some(start) = open {
                    tokens.push(Span::new(start, i));
                    word = None;
                }
                if !c.is_whitespace() {
                    tokens.push(Span::new(i, i + c.len_utf8()));
                }
            }
        }
    }
    if let Some(start) = word {
        tokens.push(Span::new(start, text.len()));
    }
    tokens
}

/// Combining marks and joiners stay inside a word (Persian ZWNJ, accents
/// written as separate code points).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{200c}' | '\u{200d}' | '\u{64b}'..='\u{65f}')
}

/// Groups tokens by sentence: a new group starts at each sentence start.
/// Without a sentences layer the whole document is one group.
pub fn by_sentence(doc: &Document, tokens: &[Span]) -> Vec<std::ops::Range<usize>> {
    let mut starts: Vec<usize> = doc.sentences.iter().flatten().map(|s| s.start).collect();
    starts.sort_unstable();
    let mut groups = Vec::new();
    let mut from = 0;
    let mut next = starts.iter().peekable();
    for (i, token) in tokens.iter().enumerate() {
        let mut crossed = false;
        while next.peek().is_some_and(|&&s| s <= token.start) {
            next.next();
            crossed = true;
        }
        if crossed && i > from {
            groups.push(from..i);
            from = i;
        }
    }
    if from < tokens.len() {
        groups.push(from..tokens.len());
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::Entity;

    fn texts<'t>(text: &'t str, spans: &[Span]) -> Vec<&'t str> {
        spans.iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn split_keeps_words_and_punctuation_in_any_script() {
        let text = "«Путин» said: “Iran’s 2 📈” ما‌ها";
        assert_eq!(
            texts(text, &split(text)),
            [
                "«",
                "Путин",
                "»",
                "said",
                ":",
                "“",
                "Iran",
                "’",
                "s",
                "2",
                "📈",
                "”",
                "ما‌ها"
            ]
        );
    }

    #[test]
    fn tokens_are_cut_at_entity_edges() {
        let mut doc = Document::new("a", "NATO-led talks");
        doc.entities = Some(vec![Entity {
            start: 0,
            end: 4,
            text: "NATO".into(),
            label: "ORG".into(),
            canonical: None,
        }]);
        let mut doc_with_layer = doc.clone();
        doc_with_layer.tokens = Some(vec![pipeline::Token {
            start: 0,
            end: 8,
            kind: pipeline::TokenKind::Word,
            shape: pipeline::Shape::Other,
            sentence_start: true,
        }]);
        assert_eq!(
            texts(&doc.text, &aligned_tokens(&doc_with_layer)),
            ["NATO", "-led"]
        );
        assert_eq!(
            texts(&doc.text, &aligned_tokens(&doc)),
            ["NATO", "-", "led", "talks"]
        );
    }

    #[test]
    fn sentences_group_tokens() {
        let mut doc = Document::new("a", "One two. Three.");
        doc.sentences = Some(vec![Span::new(0, 8), Span::new(9, 15)]);
        let tokens = aligned_tokens(&doc);
        assert_eq!(by_sentence(&doc, &tokens), vec![0..3, 3..5]);
    }
}
