//! Layer names: what a stage requires and provides.

use std::fmt;

/// A named layer of a document. The core layers have typed fields on
/// [`crate::Document`]; custom layers are JSON values under `custom`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Lang,
    Sentences,
    Tokens,
    Entities,
    Quotes,
    Stances,
    StanceSummary,
    Custom(String),
}

impl Layer {
    /// The core layers, in output order.
    pub const CORE: [Layer; 7] = [
        Layer::Lang,
        Layer::Sentences,
        Layer::Tokens,
        Layer::Entities,
        Layer::Quotes,
        Layer::Stances,
        Layer::StanceSummary,
    ];

    /// The layer's key in a record: `lang`, `sentences`, … or the custom name.
    pub fn name(&self) -> &str {
        match self {
            Layer::Lang => "lang",
            Layer::Sentences => "sentences",
            Layer::Tokens => "tokens",
            Layer::Entities => "entities",
            Layer::Quotes => "quotes",
            Layer::Stances => "stances",
            Layer::StanceSummary => "stance_summary",
            Layer::Custom(name) => name,
        }
    }

    /// A core layer by its key, or a custom layer of that name.
    pub fn parse(name: &str) -> Layer {
        Layer::CORE
            .iter()
            .find(|layer| layer.name() == name)
            .cloned()
            .unwrap_or_else(|| Layer::Custom(name.to_string()))
    }

    pub fn custom(name: impl Into<String>) -> Layer {
        Layer::Custom(name.into())
    }

    pub fn is_custom(&self) -> bool {
        matches!(self, Layer::Custom(_))
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layer::Custom(name) => write!(f, "custom.{name}"),
            core => f.write_str(core.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for layer in Layer::CORE {
            assert_eq!(Layer::parse(layer.name()), layer);
        }
        assert_eq!(Layer::parse("tickers"), Layer::custom("tickers"));
        assert_eq!(Layer::custom("tickers").to_string(), "custom.tickers");
    }
}
