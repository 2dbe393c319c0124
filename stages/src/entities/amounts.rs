//! MONEY and PERCENT by rule: a number with a currency sign or name, or
//! with a per-cent sign or words ("$5bn", "US$3.5 billion", "£1.2 million",
//! "50 euros", "12%", "12 per cent", "12 percent"). The tagger learns these
//! too rarely from its training data to find them itself.

use super::features::DocContext;
use super::mention::{Label, Mention};
use super::word_list::WordList;
use pipeline::{Shape, Token, TokenKind};

/// Currency signs, read before a number.
pub const CURRENCY: WordList = WordList::new(&["$", "€", "£", "¥", "₹", "₦", "₽", "₺", "₩", "₪"]);

/// Words that scale a number: "$7 million".
const SCALES: WordList = WordList::new(&[
    "million", "billion", "trillion", "thousand", "bn", "m", "mn", "k", "tn",
]);

/// Currency names, read after a number (singular and plural).
const CURRENCY_NAMES: WordList = WordList::new(&[
    "dollar",
    "dollars",
    "euro",
    "euros",
    "pound",
    "pounds",
    "sterling",
    "yen",
    "yuan",
    "renminbi",
    "rupee",
    "rupees",
    "rouble",
    "roubles",
    "ruble",
    "rubles",
    "franc",
    "francs",
    "peso",
    "pesos",
    "dinar",
    "dinars",
    "dirham",
    "dirhams",
    "rial",
    "rials",
    "riyal",
    "riyals",
    "shekel",
    "shekels",
    "naira",
    "rand",
    "lira",
    "liras",
    "won",
    "somoni",
    "som",
    "tenge",
    "manat",
    "lari",
    "hryvnia",
    "hryvnias",
    "zloty",
    "krona",
    "kronor",
    "krone",
    "kroner",
    "real",
    "reais",
    "shilling",
    "shillings",
    "cedi",
    "cedis",
    "kwacha",
    "baht",
    "ringgit",
    "rupiah",
    "taka",
    "afghani",
    "afghanis",
    "bitcoin",
    "bitcoins",
]);

/// Per-cent signs and words after a number: "12%", "12 percent".
const PER_CENT: WordList = WordList::new(&["%", "percent"]);

/// "12 per cent", word by word.
const PER: WordList = WordList::new(&["per"]);
const CENT: WordList = WordList::new(&["cent"]);

/// The MONEY and PERCENT mentions of a document, in order.
pub fn find<'t>(ctx: &DocContext<'t>) -> Vec<Mention<'t>> {
    let tokens = ctx.tokens;
    let word = |i: usize| tokens[i].text(ctx.text);
    // tokens `a` and `b` (`a` before `b`) are on one line, at most a space apart
    let close = |a: usize, b: usize| matches!(&ctx.text[tokens[a].end..tokens[b].start], "" | " ");
    let number = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t: &Token| t.kind == TokenKind::Number)
    };
    let followed_by = |i: usize, list: &WordList| {
        i + 1 < tokens.len() && close(i, i + 1) && list.contains(word(i + 1))
    };
    let mut out = Vec::new();
    // the first token that no amount found covers
    let mut next = 0;
    for &i in &ctx.starts {
        let i = i as usize;
        // an amount starts at a sign or a number
        if i < next || !matches!(tokens[i].kind, TokenKind::Symbol | TokenKind::Number) {
            continue;
        }
        let sign = tokens[i].kind == TokenKind::Symbol && CURRENCY.contains(word(i));
        let found = if sign && number(i + 1) && close(i, i + 1) {
            // "US$3.5 billion": a country's letters written onto the sign
            let prefix = |t: &Token| {
                t.kind == TokenKind::Word && matches!(t.shape, Shape::Upper | Shape::Initial)
            };
            let start = if i > 0 && tokens[i - 1].end == tokens[i].start && prefix(&tokens[i - 1]) {
                i - 1
            } else {
                i
            };
            let mut end = i + 2;
            if followed_by(end - 1, &SCALES) {
                end += 1;
            }
            Some((start, end, Label::Money))
        } else if number(i) {
            let mut end = i + 1;
            if followed_by(end - 1, &SCALES) {
                end += 1;
            }
            if followed_by(end - 1, &CURRENCY_NAMES) {
                Some((i, end + 1, Label::Money))
            } else if followed_by(i, &PER_CENT) {
                Some((i, i + 2, Label::Percent))
            } else if followed_by(i, &PER) && followed_by(i + 1, &CENT) {
                Some((i, i + 3, Label::Percent))
            } else {
                None
            }
        } else {
            None
        };
        if let Some((start, end, label)) = found {
            let (s, e) = (tokens[start].start, tokens[end - 1].end);
            out.push(Mention::new(ctx.text, s, e, label));
            next = end;
        }
    }
    out
}

/// Adds the amounts to the mentions; a mention that overlaps an amount
/// gives way to it.
pub fn add<'t>(mentions: &mut Vec<Mention<'t>>, amounts: Vec<Mention<'t>>) {
    if amounts.is_empty() {
        return;
    }
    mentions.retain(|m| !amounts.iter().any(|a| a.start < m.end && m.start < a.end));
    mentions.extend(amounts);
    mentions.sort_by_key(|m| m.start);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::english_tokens;
    use crate::entities::gazetteer::Gazetteer;

    fn amounts(text: &str) -> Vec<(String, String)> {
        let tokens = english_tokens(text);
        let gazetteer = Gazetteer::builtin();
        let ctx = DocContext::new(text, &tokens, &gazetteer);
        find(&ctx)
            .into_iter()
            .map(|m| (m.text.to_string(), m.label.name().to_string()))
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(t, l)| (t.to_string(), l.to_string()))
            .collect()
    }

    #[test]
    fn money_with_signs_scales_and_currency_names() {
        assert_eq!(
            amounts("It cost $5bn, then £1.2 million, or 50 euros; US$3.5 billion and €40m."),
            pairs(&[
                ("$5bn", "MONEY"),
                ("£1.2 million", "MONEY"),
                ("50 euros", "MONEY"),
                ("US$3.5 billion", "MONEY"),
                ("€40m", "MONEY"),
            ])
        );
        assert_eq!(
            amounts("a 20 million dollars deal"),
            pairs(&[("20 million dollars", "MONEY")])
        );
    }

    #[test]
    fn percent_with_sign_or_words() {
        assert_eq!(
            amounts("up 12% or 12 per cent or 12 percent"),
            pairs(&[
                ("12%", "PERCENT"),
                ("12 per cent", "PERCENT"),
                ("12 percent", "PERCENT"),
            ])
        );
    }

    #[test]
    fn bare_numbers_and_amounts_across_lines_are_not_amounts() {
        assert!(amounts("In 1991, 600 miles of border; 5 people.").is_empty());
        assert!(amounts("It cost $\n5 and 12\n% more").is_empty());
        assert_eq!(amounts("(€40m)"), pairs(&[("€40m", "MONEY")]));
    }
}
