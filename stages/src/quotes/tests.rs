use super::*;

fn stage() -> QuotesStage {
    QuotesStage::new(QuotesSettings::default())
}

fn person(text: &str, mention: &str, canonical: &str) -> Entity {
    let start = text.find(mention).expect("mention in text");
    Entity {
        start,
        end: start + mention.len(),
        text: mention.to_string(),
        label: "PERSON".to_string(),
        canonical: Some(canonical.to_string()),
    }
}

/// (quote text, speaker name or "-", cue or "-")
fn found(text: &str, entities: &[Entity]) -> Vec<(String, String, String)> {
    stage()
        .find(text, entities)
        .into_iter()
        .map(|q| {
            (
                q.text,
                q.speaker.map_or("-".into(), |s| s.name),
                q.cue.map_or("-".into(), |c| c.text),
            )
        })
        .collect()
}

fn row(quote: &str, speaker: &str, cue: &str) -> (String, String, String) {
    (quote.into(), speaker.into(), cue.into())
}

#[test]
fn speaker_after_quote_is_the_subject_not_the_object() {
    let text = "“We will not engage,” Dr. Hamidreza Azizi, an expert at the Berlin-based German Institute for International Affairs, told Gulf International Forum.";
    assert_eq!(
        found(text, &[]),
        vec![row("“We will not engage,”", "Hamidreza Azizi", "told")]
    );
    let text = "“It is slow but continuous,” said Dr. Abdolrasool Divsallar, a visiting professor in Milan.";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“It is slow but continuous,”",
            "Abdolrasool Divsallar",
            "said"
        )]
    );
}

#[test]
fn speaker_before_quote_as_told_colon_and_according_to() {
    let text = "Dr. Hamidreza Azizi spoke first. As Dr. Azizi told Gulf International Forum, “Kyrgyzstan has been at the center of it.” He continued: “In that sense there are factors.”";
    let entities = [
        person(text, "Hamidreza Azizi", "Hamidreza Azizi"),
        person(text, "Azizi told", "Hamidreza Azizi"),
    ];
    let mut entities = entities.to_vec();
    entities[1].end = entities[1].start + "Azizi".len();
    assert_eq!(
        found(text, &entities),
        vec![
            row(
                "“Kyrgyzstan has been at the center of it.”",
                "Hamidreza Azizi",
                "told"
            ),
            row(
                "“In that sense there are factors.”",
                "Hamidreza Azizi",
                "continued"
            ),
        ]
    );
    let text = "According to the newspaper, “America’s gun laws empower dealers.”";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“America’s gun laws empower dealers.”",
            "the newspaper",
            "According to"
        )]
    );
    let text = "Commissioner Jane Doe: “The rules apply to everyone here.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“The rules apply to everyone here.”", "Jane Doe", ":")]
    );
}

#[test]
fn an_abbreviation_closing_a_quote_does_not_end_its_sentence() {
    let text = "“There is no room for four networks in the U.S.,” Zucker said.";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“There is no room for four networks in the U.S.,”",
            "Zucker",
            "said"
        )]
    );
    // A full stop does: the capitalised words after it start a new sentence.
    let text = "“We met in the U.S.” Zucker said nothing more.";
    assert_eq!(
        found(text, &[]),
        vec![row("“We met in the U.S.”", "-", "-")]
    );
}

#[test]
fn a_cue_right_before_the_quote_names_its_own_subject() {
    let text = "After Jerry Brown criticized Bill Clinton in a debate, Hillary shot back, “I could have baked cookies.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“I could have baked cookies.”", "Hillary", "shot back")]
    );
    let text = "Asked if he thought the email went too far, Devine responded: “I guess so.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“I guess so.”", "Devine", "responded")]
    );
    // A participle has no subject of its own: the main clause's speaks.
    let text = "Warren appeared with Maddow, saying, “We will win.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“We will win.”", "Warren", "saying")]
    );
}

#[test]
fn a_name_after_a_cue_ending_an_aside_speaks_only_when_no_verb_follows() {
    let text = "Dean Johnson, a salesman from Sumter, South Carolina, says Cruz will “leave here with momentum.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“leave here with momentum.”", "Dean Johnson", "says")]
    );
    let text = "The ministers' comments, said Junya Tanase of JPMorgan, were “generally too weak.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“generally too weak.”", "Junya Tanase", "said")]
    );
}

#[test]
fn a_headline_naming_its_speaker_before_a_colon_attributes_its_quotes() {
    let text = "Paul Ryan: FBI Decision ‘Defies Explanation,’ Needs More Investigation.\n\nThe speaker spoke.";
    assert_eq!(
        found(text, &[]),
        vec![row("‘Defies Explanation,’", "Paul Ryan", ":")]
    );
    // A time's colon names nobody, and the title stays out.
    let text = "12:05 a.m. The campaign slogan is “Look East.”";
    assert_eq!(found(text, &[]), vec![]);
}

#[test]
fn dash_attribution() {
    let text = "“The rules apply to everyone here.” – Commissioner Jane Doe";
    assert_eq!(
        found(text, &[]),
        vec![row("“The rules apply to everyone here.”", "Jane Doe", "–")]
    );
}

#[test]
fn turns_continue_and_introduced_speakers_speak() {
    let text = "“First we talk,” said Mary Smith. “Then we decide what to do.”\n\nDr. John Roe, a fellow at the institute, explained how the talks work. “If there is one country that would act, it is Russia.”";
    assert_eq!(
        found(text, &[]),
        vec![
            row("“First we talk,”", "Mary Smith", "said"),
            row("“Then we decide what to do.”", "Mary Smith", "-"),
            row(
                "“If there is one country that would act, it is Russia.”",
                "John Roe",
                "-"
            ),
        ]
    );
}

#[test]
fn a_person_named_inside_the_quote_is_not_the_speaker() {
    let text = "Mary Smith spoke. “John Roe said nothing to us about it,” she said.";
    let entities = [
        person(text, "Mary Smith", "Mary Smith"),
        person(text, "John Roe", "John Roe"),
    ];
    assert_eq!(
        found(text, &entities),
        vec![row(
            "“John Roe said nothing to us about it,”",
            "Mary Smith",
            "said"
        )]
    );
}

#[test]
fn scare_quotes_are_left_out_and_fragments_are_mixed() {
    let text = "Iran sees ties as part of its “Look East” foreign policy. As Dr. Divsallar explained, such ties “can be a resource for cooperation” between them.";
    let quotes = stage().find(text, &[]);
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0].kind, "mixed");
    assert_eq!(quotes[0].speaker.as_ref().unwrap().name, "Divsallar");
    // A title next to a cue is still no speech.
    let text = "Mary Smith wrote under the pen name “Carlos Danger,” her editor said.";
    assert!(stage().find(text, &[]).is_empty());
}

#[test]
fn multi_paragraph_quote_is_one_speakers_per_paragraph() {
    let text = "Smith said: “This is the first part of it.\n\n“And this is the second part.”\n\nOther news.";
    let got = found(text, &[]);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "Smith");
    assert_eq!(got[1].1, "Smith");
}

#[test]
fn offsets_are_on_char_boundaries_in_other_scripts() {
    let text = "«Мы не будем вмешиваться», — сказал Путин. 「我们不会干预」 „Wir werden das nicht tun“, sagte sie.";
    let quotes = stage().find(text, &[]);
    assert_eq!(quotes.len(), 3, "{quotes:?}");
    for q in quotes {
        assert_eq!(&text[q.start..q.end], q.text);
    }
}

/// A small deterministic generator, so the property test needs no crate.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn random_text_with_random_marks_never_panics() {
    const PIECES: &[&str] = &[
        "“",
        "”",
        "\"",
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "「",
        "」",
        "‚",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        ",",
        ".",
        ":",
        "–",
        "said",
        "He",
        "Dr.",
        "Smith",
        "told",
        "according to",
        "Путин",
        "ایران",
        "北京",
        "é",
        "the",
        "x",
    ];
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let stage = stage();
    for _ in 0..3000 {
        let len = (rng.next() % 60) as usize;
        let text: String = (0..len)
            .map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize])
            .collect();
        let entities = if text.contains("Smith") {
            vec![person(&text, "Smith", "Ann Smith")]
        } else {
            Vec::new()
        };
        for q in stage.find(&text, &entities) {
            assert!(q.start < q.end && q.end <= text.len(), "{text:?} {q:?}");
            assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
            assert_eq!(&text[q.start..q.end], q.text);
            if let Some(s) = &q.speaker {
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                assert!(
                    s.end <= q.start || s.start >= q.end,
                    "speaker inside its quote"
                );
            }
            if let Some(c) = &q.cue {
                assert_eq!(&text[c.start..c.end], c.text);
            }
        }
    }
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/seed/iran-kyrgyzstan-tajikistan.txt"
);

#[test]
fn seed_article_ten_quotes_three_experts() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skipped: seed article not found at {SEED}");
        return;
    };
    let quotes = stage().find(&text, &[]);
    let speech: Vec<(&str, String)> = quotes
        .iter()
        .filter_map(|q| Some((q.text.as_str(), q.speaker.as_ref()?.name.clone())))
        .collect();
    let expert = |name: &str| -> usize { speech.iter().filter(|(_, s)| s.ends_with(name)).count() };
    assert_eq!(speech.len(), 10, "{speech:#?}");
    assert_eq!(expert("Divsallar"), 3, "{speech:#?}");
    assert_eq!(expert("Azizi"), 4, "{speech:#?}");
    assert_eq!(expert("Ramani"), 3, "{speech:#?}");
    for (quote, _) in &speech {
        assert!(!quote.contains("Look East") || quote.len() > 40, "{quote}");
        assert!(!quote.starts_with('‘'), "{quote}");
    }
    let continued = quotes
        .iter()
        .find(|q| q.text.starts_with("“In that sense, there"))
        .unwrap();
    assert_eq!(continued.cue.as_ref().unwrap().text, "continued");
}

#[test]
fn seed_article_end_to_end_with_sentences_and_entities() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skipped: seed article not found at {SEED}");
        return;
    };
    let registry = crate::builtin_registry();
    let stages = pipeline::pipeline::stage_list("sentences,entities,quotes");
    let pipeline = pipeline::Pipeline::from_config(&registry, &stages).unwrap();
    let mut doc = Document::new("seed", text);
    pipeline.process(&mut doc);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let quotes = doc.quotes.unwrap();
    let speakers: Vec<(&str, &str)> = quotes
        .iter()
        .filter_map(|q| Some((q.text.as_str(), q.speaker.as_ref()?.name.as_str())))
        .collect();
    assert_eq!(speakers.len(), 10, "{speakers:#?}");
    for expert in ["Divsallar", "Azizi", "Ramani"] {
        assert!(
            speakers.iter().filter(|(_, s)| s.ends_with(expert)).count() >= 3,
            "{speakers:#?}"
        );
    }
    assert!(speakers
        .iter()
        .all(|(q, _)| !q.starts_with("“Look East") && !q.starts_with('‘')));
}

#[test]
fn a_phrase_naming_a_person_gives_the_persons_cluster_name() {
    let text = "“The port deal is fair,” said the veteran analyst Dana Okoye. “It will hold,” Ms Okoye added.";
    let surname = text.rfind("Okoye").expect("surname in text");
    let entities = [
        person(text, "Dana Okoye", "Dana Okoye"),
        Entity {
            start: surname,
            end: surname + "Okoye".len(),
            ..person(text, "Okoye", "Dana Okoye")
        },
    ];
    assert_eq!(
        found(text, &entities),
        vec![
            row("“The port deal is fair,”", "Dana Okoye", "said"),
            row("“It will hold,”", "Dana Okoye", "added"),
        ]
    );
    let quotes = stage().find(text, &entities);
    let speaker = quotes[0].speaker.as_ref().unwrap();
    assert_eq!(&text[speaker.start..speaker.end], "Dana Okoye");
}

#[test]
fn a_person_inside_a_phrase_but_not_its_head_is_not_the_speaker() {
    for (text, speaker) in [
        (
            "“We are ready,” said the Okoye campaign.",
            "the Okoye campaign",
        ),
        (
            "“We are ready,” said an adviser to Okoye.",
            "an adviser to Okoye",
        ),
    ] {
        let entities = [person(text, "Okoye", "Dana Okoye")];
        let quotes = stage().find(text, &entities);
        assert_eq!(quotes.len(), 1, "{text}");
        let name = quotes[0].speaker.as_ref().map(|s| s.name.as_str());
        assert_eq!(name, Some(speaker), "{text}");
    }
}

#[test]
fn cue_verbs_of_other_languages() {
    let text =
        "Губернатор Ирина Волкова заявила, что выборы будут «честными и открытыми для всех». \
                Der Minister Jonas Berger sagte: „Wir werden die Schulen nicht schließen.“";
    let entities = [
        person(text, "Ирина Волкова", "Ирина Волкова"),
        person(text, "Jonas Berger", "Jonas Berger"),
    ];
    assert_eq!(
        found(text, &entities),
        vec![
            row(
                "«честными и открытыми для всех»",
                "Ирина Волкова",
                "заявила"
            ),
            row(
                "„Wir werden die Schulen nicht schließen.“",
                "Jonas Berger",
                "sagte"
            ),
        ]
    );
}

#[test]
fn source_cues_of_other_languages_name_the_speaker_after_them() {
    let text = "Selon Claire Dubois, « la réforme arrive trop tard ». \
                Según Marta Ruiz, «no habrá recortes». \
                По словам Олега Петрова, «решение уже принято».";
    let entities = [
        person(text, "Claire Dubois", "Claire Dubois"),
        person(text, "Marta Ruiz", "Marta Ruiz"),
        person(text, "Олега Петрова", "Олег Петров"),
    ];
    assert_eq!(
        found(text, &entities),
        vec![
            row("« la réforme arrive trop tard »", "Claire Dubois", "Selon"),
            row("«no habrá recortes»", "Marta Ruiz", "Según"),
            row("«решение уже принято»", "Олег Петров", "По словам"),
        ]
    );
}

#[test]
fn a_cue_after_a_dash_names_the_speaker_after_it() {
    let text = "Анна Смирнова выступила в Думе. «Мы не отступим», — сказала она. \
                “We will not back down” — said Tom Reyes.";
    let entities = [
        person(text, "Анна Смирнова", "Анна Смирнова"),
        person(text, "Tom Reyes", "Tom Reyes"),
    ];
    assert_eq!(
        found(text, &entities),
        vec![
            row("«Мы не отступим»", "Анна Смирнова", "сказала"),
            row("“We will not back down”", "Tom Reyes", "said"),
        ]
    );
}

#[test]
fn french_inversion_names_the_speaker_by_its_pronoun() {
    let text = "Marc Dubois a visité l'usine. « La réforme arrive trop tard », \
                a-t-il déclaré. « Nous attendrons encore un peu », dit-il.";
    let entities = [person(text, "Marc Dubois", "Marc Dubois")];
    assert_eq!(
        found(text, &entities),
        vec![
            row(
                "« La réforme arrive trop tard »",
                "Marc Dubois",
                "a-t-il déclaré"
            ),
            row("« Nous attendrons encore un peu »", "Marc Dubois", "dit-il"),
        ]
    );
}

#[test]
fn periods_inside_abbreviations_end_no_clause() {
    // "(D-N.Y.)", "Mich.," and "U.S." hold periods no space follows, or
    // that follow a capital: the attribution reads on past them.
    let text = "“They have nothing to worry about,” Sen. Chuck Schumer (D-N.Y.) said Tuesday.";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“They have nothing to worry about,”",
            "Chuck Schumer",
            "said"
        )]
    );
    let text = "Cory James, of Flint, Mich., said he would vote for the U.S. “candidate of the working people.”";
    let got = found(text, &[]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (got[0].1.as_str(), got[0].2.as_str()),
        ("Cory James", "said")
    );
}

#[test]
fn party_labels_and_place_asides_are_skipped_back_to_the_subject() {
    for text in [
        "Sen. Rand Paul (R-Ky.) said Rubio's plan would make him \"the leading proponent of amnesty.\"",
        "Sen. Rand Paul, R-Ky., told Fox News that polls could be \"way off,\" and unreliable.",
        "After Ohio, Gov. Rand Paul (R-OH), said, “I’m getting ready to rent a covered wagon.”",
        "Rand Paul, 52, of Bowling Green, Ky., said the polls were \"way off\" again.",
    ] {
        let got = found(text, &[]);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].1, "Rand Paul", "{text}: {got:?}");
    }
    // "said.)" is still the cue.
    let text = "Mary Smith spoke. (“We have persuaded the original creators,” she said.)";
    let entities = [person(text, "Mary Smith", "Mary Smith")];
    assert_eq!(found(text, &entities)[0].1, "Mary Smith");
}

/// (quote, speaker name, speaker mention) from the default stages, with
/// the mention's text checked against its code-point offsets.
fn pipeline_quotes(text: &str) -> Vec<(String, String, String)> {
    let registry = crate::builtin_registry();
    let stages = pipeline::pipeline::stage_list("language,sentences,entities,quotes");
    let pipeline = pipeline::Pipeline::from_config(&registry, &stages).unwrap();
    let mut doc = Document::new("t", text.to_string());
    pipeline.process(&mut doc);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    doc.quotes
        .unwrap()
        .into_iter()
        .map(|q| {
            assert_eq!(&text[q.start..q.end], q.text);
            let speaker = q.speaker.expect("attributed");
            let mention = text[speaker.start..speaker.end].to_string();
            (q.text, speaker.name, mention)
        })
        .collect()
}

#[test]
fn pronouns_after_quotes_resolve_past_objects_in_other_languages() {
    // The tagger takes "Думе" (in the Duma) and "Schule" for persons; a
    // name after a preposition or article is no antecedent.
    let text = "Анна Смирнова выступила в Думе. «Мы не отступим», — сказала она. “We will not back down” — said Tom Reyes.";
    let got = pipeline_quotes(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].0 == "«Мы не отступим»" && got[0].1.ends_with("Смирнова") && got[0].2 == "она",
        "{got:?}"
    );
    assert_eq!(
        (got[1].1.as_str(), got[1].2.as_str()),
        ("Tom Reyes", "Tom Reyes")
    );
    // Code points, not bytes: "она" starts at character 60.
    let start = text.find("она.").unwrap();
    assert_eq!(text[..start].chars().count(), 60);
    for (text, quote, name, mention) in [
        (
            "Die Ministerin Julia Berger besuchte am Montag die Schule in Köln. „Wir werden die Schulen nicht schließen“, sagte sie.",
            "„Wir werden die Schulen nicht schließen“",
            "Berger",
            "sie",
        ),
        (
            "Der Minister Jonas Berger besuchte am Montag die Schule. „Das ist mein Versprechen“, sagte er.",
            "„Das ist mein Versprechen“",
            "Berger",
            "er",
        ),
        (
            "La ministra Marta Ruiz visitó la fábrica en Sevilla. «No habrá recortes», dijo ella.",
            "«No habrá recortes»",
            "Ruiz",
            "ella",
        ),
        (
            "La ministre Claire Dubois a visité l’usine de Lyon. « La réforme arrive trop tard », a-t-elle déclaré.",
            "« La réforme arrive trop tard »",
            "Dubois",
            "elle",
        ),
    ] {
        let got = pipeline_quotes(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, quote);
        assert!(got[0].1.ends_with(name), "{got:?}");
        assert_eq!(got[0].2, mention, "{got:?}");
    }
}

#[test]
fn an_inverted_cue_after_a_comma_names_the_speaker_after_it() {
    let text = "“The most impressive aspect has been a newfound resilience,” like the recent volatility of markets, said Richard Curtin, the chief economist.";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“The most impressive aspect has been a newfound resilience,”",
            "Richard Curtin",
            "said"
        )]
    );
}

#[test]
fn later_quotes_of_a_sentence_keep_its_speaker() {
    // The second quote's own clause names Cruz, but Trump is still talking.
    let text = "Trump, in Kentucky, said Tuesday that Rubio was “a total lightweight” while Ted Cruz is “a basket case and a liar.”";
    let entities = [
        person(text, "Trump", "Donald Trump"),
        person(text, "Rubio", "Marco Rubio"),
        person(text, "Ted Cruz", "Ted Cruz"),
    ];
    assert_eq!(
        found(text, &entities),
        vec![
            row("“a total lightweight”", "Donald Trump", "said"),
            row("“a basket case and a liar.”", "Donald Trump", "-"),
        ]
    );
    // A new sentence is a new start: Cruz is its known subject.
    let text = "Trump said Rubio was “a total lightweight.” Ted Cruz called it “a basket case of a campaign.”";
    let entities = [
        person(text, "Trump", "Donald Trump"),
        person(text, "Ted Cruz", "Ted Cruz"),
    ];
    assert_eq!(found(text, &entities)[1].1, "Ted Cruz");
}

#[test]
fn a_passive_cue_names_its_agent_or_nobody() {
    let text = "Sanders was asked by host Bill Maher, “Are you tired of hearing about the emails?”";
    assert_eq!(found(text, &[])[0].1, "Bill Maher");
    // The one told to smile did not say it.
    let text = "No woman should run for office without being told to “smile and look pleasant for the cameras.”";
    assert!(found(text, &[]).iter().all(|q| q.1 == "-"));
    let text = "Smith was quoted as saying “we will win this fight in the end.”";
    assert_eq!(found(text, &[])[0].1, "Smith");
}

#[test]
fn an_owner_is_not_the_subject() {
    // No cue: "Trump's" owns the subject, so Trump is no known speaker here.
    let text = "Mr. Trump's own manifesto, “Crippled America: How to Make America Great Again,” has sold well.";
    let entities = [person(text, "Trump", "Donald Trump")];
    assert!(found(text, &entities).iter().all(|q| q.1 != "Donald Trump"));
    let text = "Clinton blamed the “fog of war” for the confusion that night.";
    let entities = [person(text, "Clinton", "Hillary Clinton")];
    assert_eq!(found(text, &entities)[0].1, "Hillary Clinton");
}

#[test]
fn a_title_quote_left_out_does_not_end_the_speakers_turn() {
    let text = "“It is too early to tell,” said Mark Cuban, a host on the TV show “Shark Tank.” “I mean, there is so much uncertainty.”";
    let entities = [person(text, "Mark Cuban", "Mark Cuban")];
    assert_eq!(
        found(text, &entities),
        vec![
            row("“It is too early to tell,”", "Mark Cuban", "said"),
            row("“I mean, there is so much uncertainty.”", "Mark Cuban", "-"),
        ]
    );
    // with no speech before it, the title leaves the next quote to its own
    // clues: none here
    let text = "The show “Shark Tank” aired. “I mean, there is so much uncertainty.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“I mean, there is so much uncertainty.”", "-", "-")]
    );
}

#[test]
fn a_name_and_one_verb_after_a_broken_off_quote_attribute_it() {
    let text = "“Would it be negotiable?” Hannity pressed. “Not negotiable,” Trump notes.";
    assert_eq!(
        found(text, &[]),
        vec![
            row("“Would it be negotiable?”", "Hannity", "pressed"),
            row("“Not negotiable,”", "Trump", "notes"),
        ]
    );
    // no comma, question or exclamation mark: a headline's scare quote
    let text = "Tory ‘stalking horse’ Meyer dies";
    assert_eq!(found(text, &[]), vec![]);
    // the verb must end the clause
    let text = "“We will see what the morning brings us,” Hannity pressed the button.";
    assert_eq!(
        found(text, &[]),
        vec![row("“We will see what the morning brings us,”", "-", "-")]
    );
}

#[test]
fn a_name_after_a_word_joining_clauses_is_its_cues_subject() {
    let text = "The donors were upset after Obama called the bankers “fat cats who never pay their share.”";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“fat cats who never pay their share.”",
            "Obama",
            "called"
        )]
    );
    // a preposition's object is still not the subject
    let text = "A spokesman for Trump said the plan was “a disaster for everyone involved.”";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“a disaster for everyone involved.”",
            "A spokesman",
            "said"
        )]
    );
}

#[test]
fn a_person_after_an_organisations_role_words_is_the_speaker() {
    let org = |text: &str, mention: &str| Entity {
        label: "ORG".to_string(),
        canonical: Some(mention.to_string()),
        ..person(text, mention, mention)
    };
    let text = "“The litigation risks are real,” said Yukos chief executive Steven Theede.";
    let entities = [
        org(text, "Yukos"),
        person(text, "Steven Theede", "Steven Theede"),
    ];
    assert_eq!(
        found(text, &entities),
        vec![row(
            "“The litigation risks are real,”",
            "Steven Theede",
            "said"
        )]
    );
    // a comma before the name, and no entities at all
    let text = "“We showed real character,” said EEF chief economist, Steve Radley.";
    assert_eq!(
        found(text, &[]),
        vec![row("“We showed real character,”", "Steve Radley", "said")]
    );
    // a name of its own words, the party first: the person speaks
    let text = "Tory MP Boris Johnson said: “I will not apologise for anything.”";
    let entities = [
        org(text, "Tory"),
        person(text, "Boris Johnson", "Boris Johnson"),
    ];
    assert_eq!(
        found(text, &entities),
        vec![row(
            "“I will not apologise for anything.”",
            "Boris Johnson",
            "said"
        )]
    );
    // the words between are a verb phrase, not a role: the first name stays
    let text = "“It is a fine film,” said Warner marketing starring Audrey Tautou.";
    assert_eq!(
        found(text, &[]),
        vec![row("“It is a fine film,”", "Warner", "said")]
    );
    // a lone mistagged word after another entity is not preferred
    let text = "“Losses are rising,” said Swiss Re.";
    let entities = [org(text, "Swiss"), person(text, "Re", "Re")];
    assert_eq!(
        found(text, &entities),
        vec![row("“Losses are rising,”", "Swiss", "said")]
    );
}

#[test]
fn a_noun_phrase_speaker_stops_at_a_listed_filler() {
    let text = "“I have no relations with him,” the Arsenal boss is quoted as saying.";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“I have no relations with him,”",
            "the Arsenal boss",
            "quoted"
        )]
    );
    // a noun in "-ly" is no adverb here
    let text = "“Prices will fall,” said the former monopoly.";
    assert_eq!(
        found(text, &[]),
        vec![row("“Prices will fall,”", "the former monopoly", "said")]
    );
}

#[test]
fn a_day_or_an_opening_participle_is_no_clause_subject() {
    let text = "In a statement released Thursday, Rep. Hakeem Jeffries reacted, saying: “The ruling should shock every decent American.”";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“The ruling should shock every decent American.”",
            "Hakeem Jeffries",
            "saying"
        )]
    );
    let text =
        "Speaking at a town hall in Salem, Trump went after Bush, calling him “a total stiff.”";
    assert_eq!(
        found(text, &[]),
        vec![row("“a total stiff.”", "Trump", "calling")]
    );
    // a surname in -ing is still a name
    let text =
        "Groening recently heaped praise on the show, saying: “Everybody here is a fan of it.”";
    assert_eq!(
        found(text, &[]),
        vec![row(
            "“Everybody here is a fan of it.”",
            "Groening",
            "saying"
        )]
    );
}

#[test]
fn an_opening_phrase_a_time_word_or_a_participles_object_is_no_subject() {
    let cases = [
        // the participle's object, not an inverted speaker
        ("Hours later, Trump returned the compliment to Adelson, telling Reuters, “Sheldon and I have been friends for a long time.”", "Trump", "telling"),
        // an opening prepositional phrase, and an object after its article
        ("In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: “Clinton believes that cooperation is essential.”", "Jake Sullivan", "said"),
        // a place that continues the one before the comma
        ("Speaking at a town hall event in Salem, New Hampshire, Trump went after Bush, calling him “a total stiff.”", "Trump", "calling"),
        // a possessive opens a noun phrase, which a name between commas names
        ("Her senior policy adviser, Jake Sullivan, said: “Clinton believes that cooperation is essential.”", "Jake Sullivan", "said"),
    ];
    for (text, speaker, cue) in cases {
        let quotes = found(text, &[]);
        assert_eq!(quotes.len(), 1, "{text}");
        assert_eq!(
            (quotes[0].1.as_str(), quotes[0].2.as_str()),
            (speaker, cue),
            "{text}"
        );
    }
}
