//! The `language` stage: which language a document is written in.
//!
//! A bounded prefix of the text is read, so a long document costs no more
//! than a short one: first its function words (a clear verdict for the big
//! Latin-script languages at a fraction of the cost), then whatlang.

pub(crate) mod function_words;

use function_words::FunctionWords;

use pipeline::offsets::floor_char_boundary;
use pipeline::{parse_settings, Document, Language, Layer, SettingDoc, Stage, StageError};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageSettings {
    /// How many bytes of the text whatlang reads.
    pub prefix_bytes: usize,
    /// Below this confidence the language is `und`.
    pub min_confidence: f64,
}

impl Default for LanguageSettings {
    fn default() -> Self {
        LanguageSettings {
            prefix_bytes: 2048,
            min_confidence: 0.5,
        }
    }
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        name: "prefix_bytes",
        default: "2048",
        about: "bytes of text read for detection (cut at a character boundary)",
    },
    SettingDoc {
        name: "min_confidence",
        default: "0.5",
        about: "below this confidence (0..1) the code is `und`",
    },
];

pub const ABOUT: &str = "identifies the document's language (whatlang): lang.code is ISO 639-1 where one exists, `und` when unreliable";

pub struct LanguageStage {
    settings: LanguageSettings,
    function_words: &'static FunctionWords,
}

impl LanguageStage {
    pub fn new(settings: LanguageSettings) -> Self {
        LanguageStage {
            settings,
            function_words: FunctionWords::shared(),
        }
    }

    pub fn from_settings(settings: &pipeline::Settings) -> Result<Box<dyn Stage>, StageError> {
        Ok(Box::new(LanguageStage::new(parse_settings(settings)?)))
    }

    /// The language of `text`, or `und` with confidence 0 when whatlang is
    /// unsure.
    pub fn detect(&self, text: &str) -> Language {
        let prefix = &text[..floor_char_boundary(text, self.settings.prefix_bytes)];
        if let Some((code, confidence)) = self.function_words.detect(prefix) {
            if confidence >= self.settings.min_confidence {
                return Language {
                    code: code.to_string(),
                    confidence: (confidence * 1000.0).round() / 1000.0,
                };
            }
        }
        match whatlang::detect(prefix) {
            Some(info) if info.confidence() >= self.settings.min_confidence => Language {
                code: iso639_1(info.lang().code()).to_string(),
                confidence: (info.confidence() * 1000.0).round() / 1000.0,
            },
            _ => Language {
                code: "und".to_string(),
                confidence: 0.0,
            },
        }
    }
}

impl Stage for LanguageStage {
    fn name(&self) -> &str {
        "language"
    }

    fn requires(&self) -> Vec<Layer> {
        Vec::new()
    }

    fn provides(&self) -> Vec<Layer> {
        vec![Layer::Lang]
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.lang = Some(self.detect(&doc.text));
        Ok(())
    }
}

/// ISO 639-3 codes whatlang knows, with their ISO 639-1 code.
const ISO_639_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// The ISO 639-1 code of an ISO 639-3 code, or the 639-3 code itself.
fn iso639_1(code3: &str) -> &str {
    ISO_639_1
        .iter()
        .find(|(three, _)| *three == code3)
        .map(|(_, one)| *one)
        .unwrap_or(code3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> String {
        LanguageStage::new(LanguageSettings::default())
            .detect(text)
            .code
    }

    #[test]
    fn detects_news_languages_with_two_letter_codes() {
        assert_eq!(code("The Foreign Ministry spokesman called on both sides to settle the standoff through dialogue."), "en");
        assert_eq!(code("Der Sprecher des Außenministeriums rief beide Seiten auf, den Konflikt friedlich beizulegen."), "de");
        assert_eq!(code("Министр иностранных дел заявил, что стороны должны урегулировать конфликт мирным путём."), "ru");
        assert_eq!(code("سخنگوی وزارت امور خارجه ایران از دو کشور خواست اختلافات خود را از راه گفتگو حل کنند."), "fa");
        assert_eq!(
            code("外交部发言人呼吁双方通过对话和平解决边界争端，避免局势进一步升级。"),
            "zh"
        );
    }

    #[test]
    fn unreliable_is_und() {
        assert_eq!(code(""), "und");
        assert_eq!(code("12 34"), "und");
    }

    #[test]
    fn long_text_reads_a_prefix_cut_at_a_char_boundary() {
        let text = "Министр иностранных дел заявил, что стороны должны урегулировать конфликт мирным путём. ".repeat(500);
        let stage = LanguageStage::new(LanguageSettings {
            prefix_bytes: 33,
            ..Default::default()
        });
        // 33 bytes falls inside a Cyrillic letter: must not panic.
        let _ = stage.detect(&text);
        assert_eq!(code(&text), "ru");
    }

    #[test]
    fn every_code_maps_to_itself_or_two_letters() {
        for (three, one) in ISO_639_1 {
            assert_eq!(iso639_1(three), *one);
        }
        assert_eq!(iso639_1("xyz"), "xyz");
    }
}
