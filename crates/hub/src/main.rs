//! `styrebord-hub`: the hub server and the secretariat's admin CLI. Owns the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = styrebord_hub::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match styrebord_hub::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(styrebord_hub::HubError::Refused(refusal)) => {
            // A committee rule said no: in Danish first, like every refusal members see.
            eprintln!("afvist: {}", refusal.message_da());
            eprintln!("refused: {}", refusal.message_en());
            ExitCode::FAILURE
        }
        Err(e) => {
            // The message says what to do; no backtrace for the secretariat to wade through.
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
