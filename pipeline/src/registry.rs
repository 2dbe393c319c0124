//! The registry: stage type names mapped to factories.

use crate::stage::{Stage, StageError};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A stage's settings as written in a pipeline config, less `type`, `name`
/// and `overwrite`.
pub type Settings = Map<String, Value>;

/// Builds a stage from its settings.
pub type Factory = Box<dyn Fn(&Settings) -> Result<Box<dyn Stage>, StageError> + Send + Sync>;

/// One setting of a stage type, for `newspipe stages`.
#[derive(Debug, Clone)]
pub struct SettingDoc {
    pub name: &'static str,
    pub default: &'static str,
    pub about: &'static str,
}

/// A stage type: its name, what it does, its settings and its factory.
pub struct StageType {
    pub name: String,
    pub about: String,
    pub settings: Vec<SettingDoc>,
    factory: Factory,
}

impl StageType {
    pub fn create(&self, settings: &Settings) -> Result<Box<dyn Stage>, StageError> {
        (self.factory)(settings)
    }
}

/// Maps stage type names to factories, so one type can appear in a pipeline
/// several times with different settings.
#[derive(Default)]
pub struct Registry {
    types: BTreeMap<String, StageType>,
}

impl Registry {
    pub fn new() -> Self {
        Registry::default()
    }

    /// Registers a stage type; a later registration of a name replaces the
    /// earlier one (so a user can swap a built-in for their own).
    pub fn register<F>(
        &mut self,
        name: &str,
        about: &str,
        settings: Vec<SettingDoc>,
        factory: F,
    ) -> &mut Self
    where
        F: Fn(&Settings) -> Result<Box<dyn Stage>, StageError> + Send + Sync + 'static,
    {
        self.types.insert(
            name.to_string(),
            StageType {
                name: name.to_string(),
                about: about.to_string(),
                settings,
                factory: Box::new(factory),
            },
        );
        self
    }

    pub fn get(&self, name: &str) -> Option<&StageType> {
        self.types.get(name)
    }

    /// Builds a stage of type `name`.
    pub fn create(&self, name: &str, settings: &Settings) -> Result<Box<dyn Stage>, StageError> {
        match self.types.get(name) {
            Some(stage_type) => stage_type
                .create(settings)
                .map_err(|e| StageError::new(format!("stage `{name}`: {e}"))),
            None => Err(StageError::new(format!(
                "unknown stage type `{name}`; available: {}",
                self.names().join(", ")
            ))),
        }
    }

    pub fn names(&self) -> Vec<&str> {
        self.types.keys().map(String::as_str).collect()
    }

    pub fn types(&self) -> impl Iterator<Item = &StageType> {
        self.types.values()
    }
}

/// Reads a stage's settings into its own settings struct; unknown keys and
/// wrong types are errors that name the setting. Use
/// `#[serde(deny_unknown_fields, default)]` on the struct.
pub fn parse_settings<T: DeserializeOwned>(settings: &Settings) -> Result<T, StageError> {
    serde_json::from_value(Value::Object(settings.clone()))
        .map_err(|e| StageError::new(format!("invalid settings: {e}")))
}
