use super::*;

/// The sentences of `text` in language `lang`, as strings.
fn sentences<'t>(text: &'t str, lang: Option<&str>) -> Vec<&'t str> {
    split(text, lang)
        .0
        .iter()
        .map(|span| &text[span.start..span.end])
        .collect()
}

fn en(text: &str) -> Vec<&str> {
    sentences(text, Some("en"))
}

#[test]
fn english_abbreviations_titles_and_initials() {
    assert_eq!(
        en("Gov. Ann Ruiz met Sen. Tom Ha in St. Paul on Jan. 5. They talked."),
        [
            "Gov. Ann Ruiz met Sen. Tom Ha in St. Paul on Jan. 5.",
            "They talked."
        ]
    );
    assert_eq!(
        en("The book by J. K. Rowling sold well. Acme Ltd. The firm said so."),
        [
            "The book by J. K. Rowling sold well.",
            "Acme Ltd.",
            "The firm said so."
        ]
    );
    assert_eq!(
        en("He took vitamin C. The doctor agreed."),
        ["He took vitamin C.", "The doctor agreed."]
    );
    assert_eq!(
        en("Talks in the U.K. Parliament ended. Aid reached the U.K. The minister left."),
        [
            "Talks in the U.K. Parliament ended.",
            "Aid reached the U.K.",
            "The minister left."
        ]
    );
    assert_eq!(
        en("She earned a Ph.D. in 2001 and moved to Washington, D.C. in May."),
        ["She earned a Ph.D. in 2001 and moved to Washington, D.C. in May."]
    );
}

#[test]
fn english_numbers_times_urls_and_quotes() {
    assert_eq!(
        en("Shares rose 3.5% to $12.40 at 10:30 on the 3rd day. Traders cheered."),
        [
            "Shares rose 3.5% to $12.40 at 10:30 on the 3rd day.",
            "Traders cheered."
        ]
    );
    assert_eq!(
        en("Write to press@agency.example.org. Or visit www.agency.example.org/news. Thanks."),
        [
            "Write to press@agency.example.org.",
            "Or visit www.agency.example.org/news.",
            "Thanks."
        ]
    );
    assert_eq!(
        en("“We will win,” she said. “It is over.” The crowd left."),
        [
            "“We will win,” she said.",
            "“It is over.”",
            "The crowd left."
        ]
    );
    assert_eq!(
        en("He asked: ‘Why now?’ Nobody knew. (The vote is Monday.) It may slip."),
        [
            "He asked: ‘Why now?’",
            "Nobody knew.",
            "(The vote is Monday.)",
            "It may slip."
        ]
    );
}

#[test]
fn line_breaks_headings_and_bullets() {
    let text = "• News\n  • Sport\n\nBig Win for Local Team\n\nThe team won. Fans cheered\nloudly all night.\nSubscribe for updates";
    assert_eq!(
        en(text),
        [
            "• News",
            "• Sport",
            "Big Win for Local Team",
            "The team won.",
            "Fans cheered\nloudly all night.",
            "Subscribe for updates"
        ]
    );
    let wrapped = "The minister said the\nPresident would travel.\n\nNext paragraph.";
    let (spans, _) = segment(wrapped, rules_for(Some("en")), LineBreaks::Paragraph);
    assert_eq!(spans.len(), 2);
    let (spans, _) = segment("a\nb", rules_for(Some("en")), LineBreaks::Always);
    assert_eq!(spans.len(), 2);
}

#[test]
fn numbered_lists() {
    assert_eq!(
        en("Steps: 1) Mix the flour 2) Bake it 3) Serve"),
        ["Steps: 1) Mix the flour", "2) Bake it", "3) Serve"]
    );
    assert_eq!(
        en("He scored 2) goals. It rose by 3. Then it fell."),
        ["He scored 2) goals.", "It rose by 3.", "Then it fell."]
    );
}

#[test]
fn german() {
    assert_eq!(
        sentences(
            "Am 3. Oktober 1990 kam die Einheit. Dr. Weber sprach z.B. mit Hrn. Koch usw. Er lachte. Das war 1990. Die Mauer fiel.",
            Some("de")
        ),
        [
            "Am 3. Oktober 1990 kam die Einheit.",
            "Dr. Weber sprach z.B. mit Hrn. Koch usw.",
            "Er lachte.",
            "Das war 1990.",
            "Die Mauer fiel."
        ]
    );
}

#[test]
fn french() {
    assert_eq!(
        sentences(
            "Selon M. Dupont, la réunion a eu lieu à 14 h. Mme Martin était absente ! Pourquoi ? Personne ne sait.",
            Some("fr")
        ),
        [
            "Selon M. Dupont, la réunion a eu lieu à 14 h.",
            "Mme Martin était absente !",
            "Pourquoi ?",
            "Personne ne sait."
        ]
    );
}

#[test]
fn spanish() {
    assert_eq!(
        sentences(
            "El Sr. García llegó a las 5. ¿Vendrá la Dra. López? ¡Claro que sí! Vive en la avda. Libertad.",
            Some("es")
        ),
        [
            "El Sr. García llegó a las 5.",
            "¿Vendrá la Dra. López?",
            "¡Claro que sí!",
            "Vive en la avda. Libertad."
        ]
    );
}

#[test]
fn italian_portuguese_dutch() {
    assert_eq!(
        sentences(
            "Il Sig. Rossi e il Dott. Bianchi sono arrivati. Poi sono partiti.",
            Some("it")
        ),
        [
            "Il Sig. Rossi e il Dott. Bianchi sono arrivati.",
            "Poi sono partiti."
        ]
    );
    assert_eq!(
        sentences(
            "O Sr. Silva falou com a Dra. Costa. Ela concordou.",
            Some("pt")
        ),
        ["O Sr. Silva falou com a Dra. Costa.", "Ela concordou."]
    );
    assert_eq!(
        sentences(
            "Dhr. Jansen sprak met mevr. De Vries. Zij was het eens.",
            Some("nl")
        ),
        ["Dhr. Jansen sprak met mevr. De Vries.", "Zij was het eens."]
    );
}

#[test]
fn russian() {
    assert_eq!(
        sentences(
            "Проф. Иванов выступил в 2020 г. в Москве. Он сказал: «Всё хорошо». Доклад прочитал В. В. Петров.",
            Some("ru")
        ),
        [
            "Проф. Иванов выступил в 2020 г. в Москве.",
            "Он сказал: «Всё хорошо».",
            "Доклад прочитал В. В. Петров."
        ]
    );
}

#[test]
fn chinese_and_japanese() {
    assert_eq!(
        sentences("今天天气很好。我们去公园吧！你去吗？", Some("zh")),
        ["今天天气很好。", "我们去公园吧！", "你去吗？"]
    );
    assert_eq!(
        sentences("「行きます。」と彼は言った。雨です。", Some("ja")),
        ["「行きます。」", "と彼は言った。", "雨です。"]
    );
}

#[test]
fn arabic_persian_hindi_armenian_greek() {
    assert_eq!(
        sentences("هل أنت بخير؟ نعم، أنا بخير.", Some("ar")),
        ["هل أنت بخير؟", "نعم، أنا بخير."]
    );
    assert_eq!(
        sentences("آیا او آمد؟ بله، دیروز آمد. او خسته بود.", Some("fa")),
        ["آیا او آمد؟", "بله، دیروز آمد.", "او خسته بود."]
    );
    assert_eq!(
        sentences("وہ آیا۔ ہم خوش ہیں۔", Some("ur")),
        ["وہ آیا۔", "ہم خوش ہیں۔"]
    );
    assert_eq!(
        sentences("वह घर गया। क्या तुम आओगे? हाँ।", Some("hi")),
        ["वह घर गया।", "क्या तुम आओगे?", "हाँ।"]
    );
    assert_eq!(
        sentences("Նա եկավ։ Մենք ուրախ ենք։", Some("hy")),
        ["Նա եկավ։", "Մենք ուրախ ենք։"]
    );
    assert_eq!(
        sentences("Πού είσαι; Είμαι στο σπίτι. Έλα!", Some("el")),
        ["Πού είσαι;", "Είμαι στο σπίτι.", "Έλα!"]
    );
    // Without Greek rules a semicolon does not end a sentence.
    assert_eq!(sentences("Πού είσαι; Είμαι εδώ.", None).len(), 1);
}

#[test]
fn tokens_mark_sentence_starts() {
    let text = "Dr. Lee left. “Why?” asked Ann.";
    let (spans, tokens) = split(text, Some("en"));
    let starts: Vec<&str> = tokens
        .iter()
        .filter(|t| t.sentence_start)
        .map(|t| t.text(text))
        .collect();
    assert_eq!(starts, ["Dr.", "“"]);
    assert_eq!(spans.len(), 2);
    assert_eq!(tokens[0].lower(text), "dr.");
}

#[test]
fn stage_uses_the_document_language() {
    let stage = SentenceStage::new(SentenceSettings::default());
    let mut doc = Document::new("1", "Am 3. Oktober kam er.");
    doc.lang = Some(pipeline::Language {
        code: "de".into(),
        confidence: 1.0,
    });
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.sentences.as_ref().unwrap().len(), 1);
    let mut doc = Document::new("2", "Am 3. Oktober kam er.");
    doc.lang = Some(pipeline::Language {
        code: "en".into(),
        confidence: 1.0,
    });
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.sentences.as_ref().unwrap().len(), 2);
    assert!(doc.tokens.as_ref().is_some_and(|t| t.len() == 7));
}

/// A small deterministic generator (xorshift), so the property test needs
/// no dependency and every failure reproduces.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pieces that exercise every rule, plus random code points.
const PIECES: &[&str] = &[
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\t",
    "\u{a0}",
    "\u{2029}",
    ".",
    ".",
    "...",
    ". . .",
    "…",
    "!",
    "?",
    "?!",
    ";",
    ":",
    ",",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "«",
    "»",
    "•",
    "⁃",
    "-",
    "—",
    "Dr.",
    "U.S.",
    "E.",
    "I.",
    "p.",
    "a.",
    "etc.",
    "Co.",
    "The",
    "How",
    "word",
    "Word",
    "said",
    "1.",
    "2)",
    "3.)",
    "10",
    "3.5",
    "5:30",
    "$",
    "%",
    "°",
    "'s",
    "’s",
    "don’t",
    "www.x.org",
    "https://a.b/c",
    "a@b.cd",
    "Москва",
    "г.",
    "北京",
    "。",
    "！",
    "؟",
    "۔",
    "।",
    "։",
    "\u{37E}",
    "\u{200C}",
    "\u{301}",
    "😀",
    "\u{FE0F}",
    "\0",
    "\r\n",
];

pub(crate) fn random_text(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(40) {
        if rng.below(8) == 0 {
            let c = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('x');
            text.push(c);
        } else {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
    }
    text
}

fn check_invariants(text: &str, lang: Option<&str>, line_breaks: LineBreaks) {
    let (spans, tokens) = segment(text, rules_for(lang), line_breaks);
    let mut previous_end = 0;
    for span in &spans {
        assert!(span.start < span.end, "empty sentence in {text:?}");
        assert!(span.start >= previous_end, "overlap in {text:?}");
        assert!(span.end <= text.len(), "outside the text: {text:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        previous_end = span.end;
    }
    // Every non-whitespace character lies in a sentence and in a token.
    let mut s = 0;
    let mut t = 0;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        while s < spans.len() && spans[s].end <= at {
            s += 1;
        }
        assert!(
            s < spans.len() && spans[s].start <= at,
            "{c:?} at {at} outside every sentence in {text:?}"
        );
        while t < tokens.len() && tokens[t].end <= at {
            t += 1;
        }
        assert!(
            t < tokens.len() && tokens[t].start <= at,
            "{c:?} at {at} outside every token in {text:?}"
        );
    }
    // Tokens are ordered, inside sentences, and start them where they say.
    let mut sentence = 0;
    let mut previous_token_end = 0;
    for token in &tokens {
        assert!(token.start < token.end && token.start >= previous_token_end);
        assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
        previous_token_end = token.end;
        while sentence < spans.len() && spans[sentence].end <= token.start {
            sentence += 1;
        }
        let span = spans[sentence];
        assert!(
            span.contains(token.span()),
            "token outside sentences: {text:?}"
        );
        assert_eq!(token.sentence_start, span.start == token.start, "{text:?}");
    }
}

#[test]
fn property_any_text_gives_ordered_covering_sentences() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let langs = [
        None,
        Some("en"),
        Some("de"),
        Some("el"),
        Some("ru"),
        Some("zh"),
    ];
    let modes = [LineBreaks::Auto, LineBreaks::Always, LineBreaks::Paragraph];
    for case in 0..4000 {
        let text = random_text(&mut rng);
        check_invariants(&text, langs[case % langs.len()], modes[case % modes.len()]);
    }
    check_invariants("", None, LineBreaks::Auto);
    check_invariants(" \n\t ", None, LineBreaks::Auto);
}

#[test]
fn news_style_edge_cases() {
    assert_eq!(
        en("Mr Blair said: \"We will win.\" Labour's lead fell to 3.5 points. Sales rose 8%. Shares fell."),
        [
            "Mr Blair said: \"We will win.\"",
            "Labour's lead fell to 3.5 points.",
            "Sales rose 8%.",
            "Shares fell."
        ]
    );
    assert_eq!(
        en("It won't happen... The talks go on. Is it over?! No."),
        [
            "It won't happen...",
            "The talks go on.",
            "Is it over?!",
            "No."
        ]
    );
    assert_eq!(
        en("They met at 9 p.m. on Friday. The U.S.-based firm agreed."),
        [
            "They met at 9 p.m. on Friday.",
            "The U.S.-based firm agreed."
        ]
    );
    assert_eq!(
        en("He sold AT&T. Consolidation followed, said the FT. Analysts agreed (£2bn). 2004 was worse."),
        [
            "He sold AT&T.",
            "Consolidation followed, said the FT.",
            "Analysts agreed (£2bn).",
            "2004 was worse."
        ]
    );
}
