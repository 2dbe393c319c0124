//! `newspipe stages`: what stages exist, and how a pipeline checks out.

use crate::setup::{self, PipelineArgs};
use crate::EXIT_OK;
use clap::Args;
use pipeline::Registry;

#[derive(Args)]
#[command(
    about = "List the available stages, and explain a pipeline: what each stage requires, where from, and what it provides",
    after_help = "Examples:\n  newspipe stages\n  newspipe stages --stages language,sentences,entities\n  newspipe stages --config pipeline.json"
)]
pub struct StagesArgs {
    #[command(flatten)]
    pipeline: PipelineArgs,
}

pub fn run(args: StagesArgs, registry: &Registry) -> Result<u8, String> {
    println!("Available stages:\n");
    for stage_type in registry.types() {
        println!("{}", stage_type.name);
        println!("  {}", stage_type.about);
        match stage_type.create(&Default::default()) {
            Ok(stage) => {
                let names = |layers: Vec<pipeline::Layer>| {
                    let names: Vec<String> = layers.iter().map(|l| l.to_string()).collect();
                    if names.is_empty() {
                        "-".to_string()
                    } else {
                        names.join(", ")
                    }
                };
                println!("  requires: {}", names(stage.requires()));
                println!("  provides: {}", names(stage.provides()));
            }
            Err(_) => println!("  requires, provides: as configured"),
        }
        if !stage_type.settings.is_empty() {
            println!("  settings:");
            for setting in &stage_type.settings {
                println!(
                    "    {} (default {}): {}",
                    setting.name, setting.default, setting.about
                );
            }
        }
        println!();
    }
    let config = args.pipeline.config(stages::DEFAULT_STAGES)?;
    let pipeline = setup::build(registry, &config)?;
    let which = if args.pipeline.stages.is_none() && args.pipeline.config.is_none() {
        "The default pipeline"
    } else {
        "The pipeline"
    };
    println!("{which}, checked:\n");
    print!("{}", pipeline.explain());
    Ok(EXIT_OK)
}
