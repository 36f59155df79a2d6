//! Demo mode: a realistic committee year served by an in-process hub, built fresh from
//! `styrebord-demo`'s dataset so a newcomer sees real meetings, materials and minutes at once.

use std::net::{Ipv4Addr, SocketAddr};

use crate::error::{CommandError, CommandResult};
use crate::paths::{recreate_dir, AppPaths};

/// A running demo hub and the member token the app signs in with.
pub struct DemoHub {
    pub hub: styrebord_hub::RunningHub,
    pub url: String,
    pub member_token: String,
}

/// Builds fresh demo data under `paths` and starts a hub for it on a free loopback port.
pub async fn start(paths: &AppPaths, today: chrono::NaiveDate) -> CommandResult<DemoHub> {
    let begun = std::time::Instant::now();
    recreate_dir(&paths.data).map_err(CommandError::internal)?;
    let hub_dir = paths.demo_hub_dir();
    let dir = hub_dir.clone();
    // Generating the PDFs takes a moment; keep it off the async runtime's workers.
    let demo =
        tauri::async_runtime::spawn_blocking(move || styrebord_hub::demo::build(&dir, today))
            .await
            .map_err(CommandError::internal)?
            .map_err(CommandError::internal)?;
    let hub = styrebord_hub::start(styrebord_hub::ServeConfig {
        max_upload: styrebord_hub::DEFAULT_MAX_UPLOAD,
        data: hub_dir,
        listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        max_body: styrebord_hub::DEFAULT_MAX_BODY,
        clock: styrebord_hub::Clock::System,
    })
    .await
    .map_err(CommandError::internal)?;
    let url = format!("http://{}", hub.addr);
    // The start-up benchmark reads this (tests/e2e/lean_bench.rs): the demo's share of the start.
    println!(
        "styrebord: demo hub built and serving after {} ms",
        begun.elapsed().as_millis()
    );
    Ok(DemoHub {
        hub,
        url,
        member_token: demo.tokens.member.token,
    })
}
