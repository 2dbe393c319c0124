//! newspipe's built-in stages, one module each; each depends only on the
//! `pipeline` crate.

mod byte_lanes;
mod byte_masks;
pub mod caseless_map;
pub mod entities;
pub mod entity_ruler;
pub mod exec;
pub mod fx_hash;
pub mod language;
pub mod lowercase;
pub mod quotes;
pub mod resources;
mod seed_lines;
pub mod sentence_rules;
pub mod sentences;
pub mod stance;
pub mod tokens;

use pipeline::Registry;

/// Registers every built-in stage type.
pub fn register_builtins(registry: &mut Registry) {
    registry.register(
        "language",
        language::ABOUT,
        language::SETTINGS.to_vec(),
        language::LanguageStage::from_settings,
    );
    registry.register(
        "entity_ruler",
        entity_ruler::ABOUT,
        entity_ruler::SETTINGS.to_vec(),
        entity_ruler::EntityRuler::from_settings,
    );
    registry.register(
        "exec",
        exec::ABOUT,
        exec::SETTINGS.to_vec(),
        exec::ExecStage::from_settings,
    );
    registry.register(
        "sentences",
        sentences::ABOUT,
        sentences::SETTINGS.to_vec(),
        sentences::SentenceStage::from_settings,
    );
    registry.register(
        "entities",
        entities::ABOUT,
        entities::SETTINGS.to_vec(),
        entities::EntitiesStage::from_settings,
    );
    registry.register(
        "quotes",
        quotes::ABOUT,
        quotes::SETTINGS.to_vec(),
        quotes::QuotesStage::from_settings,
    );
    registry.register(
        "stance",
        stance::ABOUT,
        stance::SETTINGS.to_vec(),
        stance::StanceStage::from_settings,
    );
}

/// A registry holding the built-in stages.
pub fn builtin_registry() -> Registry {
    let mut registry = Registry::new();
    register_builtins(&mut registry);
    registry
}

/// The default pipeline, in order.
pub const DEFAULT_STAGES: &str = "language,sentences,entities,quotes,stance";
