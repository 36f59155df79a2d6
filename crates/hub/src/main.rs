//! `styrebord-hub`: the hub server and the secretariat's admin CLI. Owns the exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = styrebord_hub::cli::Cli::parse();
    // `serve --log-format` (or its config file's log_format) decides before the first line.
    let log_format = match &cli.command {
        styrebord_hub::cli::Command::Serve(args) => match args.log_format() {
            Ok(f) => f,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
        _ => styrebord_hub::config::LogFormat::Text,
    };
    let log = styrebord_hub::telemetry::init(log_format);
    let result = styrebord_hub::cli::run(cli);
    // Every log line out before the error's message, and before the process ends.
    drop(log);
    match result {
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
