//! The command line: `styrebord` (normal start) or `styrebord --demo` (a fresh demo committee,
//! no dialogs). Anything else is refused with a usage line rather than ignored.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Args {
    /// Start straight into demo mode with a fresh demo data directory.
    pub demo: bool,
}

pub const USAGE: &str = "usage: styrebord [--demo]";

/// Parses the arguments after the program name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Args, String> {
    let mut parsed = Args::default();
    for arg in args {
        match arg.as_str() {
            "--demo" => parsed.demo = true,
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &[&str]) -> Result<Args, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn no_arguments_is_a_normal_start() {
        assert_eq!(check(&[]), Ok(Args { demo: false }));
    }

    #[test]
    fn demo_flag_starts_demo_mode() {
        assert_eq!(check(&["--demo"]), Ok(Args { demo: true }));
    }

    #[test]
    fn unknown_arguments_are_refused_with_usage() {
        let err = check(&["--dmeo"]).unwrap_err();
        assert!(err.contains("--dmeo") && err.contains(USAGE), "{err}");
    }
}
