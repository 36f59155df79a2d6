//! The real `styrebord-hub` binary: admin commands and `serve`.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;

mod serve_process;

fn hub(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("styrebord-hub").unwrap();
    cmd.arg("--data").arg(data);
    cmd
}

fn stdout_of(cmd: &mut Command) -> (String, String) {
    let out = cmd.assert().success().get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs a command that must fail and returns what it printed on stderr.
fn stderr_of_failure(cmd: &mut Command) -> String {
    let out = cmd.assert().failure().get_output().clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The stored state (the change body's `body`) of entity `kind`/`id` in the hub's database.
fn entity_body(data: &Path, kind: &str, id: &str) -> serde_json::Value {
    let conn = rusqlite::Connection::open(data.join("hub.sqlite3")).unwrap();
    let body: String = conn
        .query_row(
            "SELECT body FROM entities WHERE kind = ?1 AND id = ?2",
            [kind, id],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["body"].clone()
}

/// The working-day vectors, kept in the repository beside core's own calendar tests.
fn working_days_tsv() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/data/working-days.tsv")
}

#[test]
fn deadlines_match_the_shared_test_vectors() {
    let text = std::fs::read_to_string(working_days_tsv()).unwrap();
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "[deadlines]")
        .skip(2) // the section name and its header
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(section.len() >= 10, "{section:?}");
    let dates: Vec<&str> = section
        .iter()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = stdout_of(hub(dir.path()).arg("deadlines").args(&dates));
    assert_eq!(out.lines().collect::<Vec<_>>(), section);
}

#[test]
fn plan_warns_unless_four_ordinary_meetings() {
    let dir = tempfile::tempdir().unwrap();
    stdout_of(hub(dir.path()).arg("init"));
    let (out, err) = stdout_of(hub(dir.path()).args([
        "plan",
        "2027",
        "--dates",
        "2027-03-11,2027-06-10,2027-09-16",
    ]));
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.starts_with("2027-03-11\t"), "{out}");
    assert!(
        err.contains("Mødeplanen for 2027 har 3 ordinære møder"),
        "{err}"
    );
    assert!(
        err.contains("The meeting plan for 2027 has 3 ordinary meetings"),
        "{err}"
    );
    // The fourth completes the plan: no warning.
    let (_, err) = stdout_of(hub(dir.path()).args(["plan", "2027", "--dates", "2027-12-09"]));
    assert!(!err.contains("warning"), "{err}");
    // A fifth is one too many.
    let (_, err) = stdout_of(hub(dir.path()).args(["plan", "2027", "--dates", "2027-12-16"]));
    assert!(err.contains("has 5 ordinary meetings"), "{err}");
    // A date outside the year is refused, and nothing is stored for it.
    hub(dir.path())
        .args(["plan", "2028", "--dates", "2027-01-05"])
        .assert()
        .failure();
}

#[test]
fn publish_material_stores_the_blob_and_says_how_late_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");
    stdout_of(hub(&data).arg("init"));
    let (out, _) =
        stdout_of(hub(&data).args(["add-meeting", "--ordinary", "--date", "2026-03-12"]));
    let meeting = out.trim().to_owned();
    let (out, _) = stdout_of(hub(&data).args([
        "add-item",
        "--meeting",
        &meeting,
        "--title",
        "Driftsstatus",
        "--kind",
        "decision",
    ]));
    let item = out.trim().to_owned();
    let pdf = dir.path().join("bilag.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\nbilag til punkt 1\n%%EOF\n").unwrap();
    // The agenda went out on the due day, Wednesday 4 March: on time, so no note.
    let (_, err) = stdout_of(hub(&data).args([
        "--today",
        "2026-03-04",
        "publish-agenda",
        "--meeting",
        &meeting,
    ]));
    assert!(!err.contains("for sent"), "{err}");

    // Material published Friday 6 March: 2 working days late, said in both languages.
    let (out, err) = stdout_of(
        hub(&data)
            .args(["--today", "2026-03-06", "publish-material"])
            .arg(&pdf)
            .args(["--item", &item]),
    );
    assert!(
        err.contains(
            "bemærk: Materialet til mødet den 12. marts 2026 er udsendt 2 arbejdsdage for sent \
             (fristen var den 4. marts 2026)."
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "note: The material for the meeting on 12 March 2026 went out 2 working days late"
        ),
        "{err}"
    );
    let sha = out
        .lines()
        .find_map(|l| l.strip_prefix("sha256\t"))
        .unwrap()
        .to_owned();
    let stored = std::fs::read(data.join("blobs").join(&sha[..2]).join(&sha)).unwrap();
    assert_eq!(stored, std::fs::read(&pdf).unwrap());
    let conn = rusqlite::Connection::open(data.join("hub.sqlite3")).unwrap();
    let (size, mime): (i64, String) = conn
        .query_row(
            "SELECT size, mime FROM blobs WHERE sha256 = ?1",
            [&sha],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(size as usize, stored.len());
    assert_eq!(mime, "application/pdf");
    // Only PDF is material: anything else is refused with what to do.
    let txt = dir.path().join("noter.txt");
    std::fs::write(&txt, "ikke en pdf").unwrap();
    let err = stderr_of_failure(
        hub(&data)
            .args(["--today", "2026-03-04", "publish-material"])
            .arg(&txt)
            .args(["--item", &item]),
    );
    assert!(err.contains("afvist: Materiale udgives som PDF."), "{err}");
}

#[test]
fn invite_prints_a_token_once_and_stores_only_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    stdout_of(hub(dir.path()).arg("init"));
    let (out, _) = stdout_of(hub(dir.path()).args([
        "invite",
        "--org",
        "KL",
        "--role",
        "member",
        "--name",
        "Karin",
        "--email",
        "karin@kl.dk",
    ]));
    let token = out.lines().find_map(|l| l.strip_prefix("token\t")).unwrap();
    assert!(token.starts_with("sbh1_"));
    let conn = rusqlite::Connection::open(dir.path().join("hub.sqlite3")).unwrap();
    let hash: String = conn
        .query_row("SELECT hash FROM tokens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hash, styrebord_hub::auth::hash_token(token));
    let raw = std::fs::read(dir.path().join("hub.sqlite3")).unwrap();
    assert!(!raw.windows(token.len()).any(|w| w == token.as_bytes()));
    // Unknown organisation: refused.
    hub(dir.path())
        .args([
            "invite", "--org", "NOPE", "--role", "member", "--name", "X", "--email", "x@y.dk",
        ])
        .assert()
        .failure();
    // One representative per organisation: a second member is refused until the first is revoked;
    // a substitute and an observer are people of the organisation too.
    let second = [
        "invite",
        "--org",
        "KL",
        "--role",
        "member",
        "--name",
        "Kim",
        "--email",
        "kim@kl.dk",
    ];
    let err = stderr_of_failure(hub(dir.path()).args(second));
    assert!(
        err.contains("afvist: Karin er allerede KL's repræsentant."),
        "{err}"
    );
    stdout_of(hub(dir.path()).args([
        "invite",
        "--org",
        "KL",
        "--role",
        "substitute",
        "--name",
        "Søren",
        "--email",
        "s@kl.dk",
    ]));
    let person = out
        .lines()
        .find_map(|l| l.strip_prefix("person\t"))
        .unwrap();
    stdout_of(hub(dir.path()).args(["revoke", person]));
    stdout_of(hub(dir.path()).args(second));
}

#[test]
fn serve_prints_its_address_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    // The helper insists on the first line being "listening on http://<address>".
    let (mut child, addr) = serve_process::spawn(dir.path(), None);
    let body = std::process::Command::new("curl")
        .args(["-s", &format!("http://{addr}/health")])
        .output();
    if let Ok(out) = body {
        if out.status.success() {
            assert!(String::from_utf8_lossy(&out.stdout).contains("\"ok\""));
        }
    }
    let stream = std::net::TcpStream::connect(addr);
    assert!(stream.is_ok(), "hub not listening on {addr}");
    drop(stream);
    let status = StdCommand::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn issue_token_gives_an_existing_person_another_working_token() {
    let dir = tempfile::tempdir().unwrap();
    stdout_of(hub(dir.path()).arg("init"));
    let (out, _) = stdout_of(hub(dir.path()).args([
        "invite",
        "--org",
        "KL",
        "--role",
        "member",
        "--name",
        "Karin",
        "--email",
        "karin@kl.dk",
    ]));
    let field = |out: &str, name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}\t")))
            .unwrap()
            .to_owned()
    };
    let person = field(&out, "person");
    let first = field(&out, "token");
    let (out, err) = stdout_of(hub(dir.path()).args(["issue-token", &person]));
    assert_eq!(field(&out, "person"), person);
    let second = field(&out, "token");
    assert!(second.starts_with("sbh1_") && second != first);
    assert!(err.contains("shown only this once"), "{err}");
    let conn = rusqlite::Connection::open(dir.path().join("hub.sqlite3")).unwrap();
    let live: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM tokens WHERE person_id = ?1 AND revoked_at IS NULL",
            [&person],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(live, 2);
    let hash = styrebord_hub::auth::hash_token(&second);
    let owner: String = conn
        .query_row(
            "SELECT person_id FROM tokens WHERE hash = ?1",
            [&hash],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(owner, person);

    // Unknown and revoked people are refused with what to do instead.
    let unknown = "01890a5d-ac96-774b-bcce-b302099a8057";
    let err = stderr_of_failure(hub(dir.path()).args(["issue-token", unknown]));
    assert!(err.contains("does not exist"), "{err}");
    stdout_of(hub(dir.path()).args(["revoke", &person]));
    let err = stderr_of_failure(hub(dir.path()).args(["issue-token", &person]));
    assert!(err.contains("has been revoked"), "{err}");
}

/// A committee year's minutes from the shell: the meeting held, the draft sent (which puts the
/// approval on the next meeting's agenda), the round closed, approved at that next meeting.
#[test]
fn minutes_go_from_draft_to_approved_at_the_next_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");
    stdout_of(hub(&data).arg("init"));
    let add_meeting = |date: &str| {
        let (out, _) = stdout_of(hub(&data).args([
            "--today",
            "2026-01-05",
            "add-meeting",
            "--ordinary",
            "--date",
            date,
        ]));
        out.trim().to_owned()
    };
    let meeting = add_meeting("2026-03-12");
    let next = add_meeting("2026-06-11");
    let (out, _) =
        stdout_of(hub(&data).args(["add-item", "--meeting", &meeting, "--title", "Køreplan"]));
    let item = out.trim().to_owned();
    let draft = |today: &str| {
        hub(&data)
            .args(["--today", today, "minutes-draft", "--meeting", &meeting])
            .args(["--decision", &format!("{item}=Køreplanen blev godkendt.")])
            .assert()
    };
    // Minutes are of a held meeting.
    let err =
        String::from_utf8_lossy(&draft("2026-03-13").failure().get_output().stderr).into_owned();
    assert!(err.contains("er ikke markeret som afholdt"), "{err}");
    stdout_of(hub(&data).args(["--today", "2026-03-12", "mark-held", "--meeting", &meeting]));
    draft("2026-03-13").success();
    // Sent on Friday 27 March, the 11th working day: one day late, and the approval goes on
    // the June agenda.
    let (_, err) = stdout_of(hub(&data).args([
        "--today",
        "2026-03-27",
        "open-comments",
        "--meeting",
        &meeting,
        "--closes",
        "2026-04-10",
    ]));
    assert!(err.contains("er sendt 1 arbejdsdag for sent"), "{err}");
    assert!(
        err.contains("Godkendelsen af referatet er sat på dagsordenen til mødet den 11. juni 2026"),
        "{err}"
    );
    stdout_of(hub(&data).args([
        "--today",
        "2026-04-13",
        "close-comments",
        "--meeting",
        &meeting,
    ]));
    // Not before the approving meeting has met.
    let approve = |today: &str| {
        hub(&data)
            .args([
                "--today",
                today,
                "approve-minutes",
                "--meeting",
                &meeting,
                "--at",
                &next,
            ])
            .args([
                "--decision",
                &format!("{item}=Køreplanen blev godkendt med frist 1. april."),
            ])
            .assert()
    };
    let err =
        String::from_utf8_lossy(&approve("2026-06-10").failure().get_output().stderr).into_owned();
    assert!(err.contains("har ikke fundet sted endnu"), "{err}");
    approve("2026-06-11").success();

    let conn = rusqlite::Connection::open(data.join("hub.sqlite3")).unwrap();
    let body: String = conn
        .query_row(
            "SELECT body FROM entities WHERE kind = 'minutes'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let change: serde_json::Value = serde_json::from_str(&body).unwrap();
    let v = &change["body"];
    assert_eq!(v["draft"]["state"], "approved");
    assert_eq!(
        v["draft"]["decisions"][0]["text"],
        "Køreplanen blev godkendt med frist 1. april."
    );
    assert_eq!(v["draft_decisions"][0]["text"], "Køreplanen blev godkendt.");
    assert_eq!(v["sent_on"], "2026-03-27");
    assert_eq!(v["approval"]["meeting"], next.as_str());
    let approval_item = v["approval"]["agenda_item"].as_str().unwrap();
    let on_agenda = entity_body(&data, "agenda_item", approval_item);
    assert_eq!(on_agenda["meeting"], next.as_str());
    assert_eq!(on_agenda["number"], 1);
    assert_eq!(
        on_agenda["title"],
        "Godkendelse af referat fra mødet den 12. marts 2026"
    );
}

#[test]
fn an_escalation_goes_to_pstg_only_after_the_economic_forum() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");
    stdout_of(hub(&data).arg("init"));
    let portfolio = dir.path().join("portefoelje.toml");
    std::fs::write(
        &portfolio,
        r#"[[systems]]
code = "MITID"
name = "MitID"
owner = "DIGST"
description = "Fælles digital identitet"
criticality = "high"
depends_on = []
critical_integrations = []
"#,
    )
    .unwrap();
    stdout_of(hub(&data).arg("import").arg(&portfolio));
    let (out, _) =
        stdout_of(hub(&data).args(["add-meeting", "--ordinary", "--date", "2027-03-11"]));
    let meeting = out.trim().to_owned();
    let (out, _) = stdout_of(hub(&data).args([
        "add-item",
        "--meeting",
        &meeting,
        "--title",
        "Redundant drift af MitID",
        "--kind",
        "decision",
        "--system",
        "MITID",
    ]));
    let item = out.trim().to_owned();
    // An unknown system is refused with what to do.
    let err = stderr_of_failure(hub(&data).args([
        "add-item",
        "--meeting",
        &meeting,
        "--title",
        "X",
        "--system",
        "NOPE",
    ]));
    assert!(
        err.contains("afvist: NOPE er ikke med i porteføljen."),
        "{err}"
    );

    let (out, _) = stdout_of(hub(&data).args([
        "escalate",
        "--item",
        &item,
        "--case",
        "Midler til redundant drift af MitID i 2027",
        "--needs-funds",
    ]));
    let escalation = out.trim().to_owned();
    let err = stderr_of_failure(hub(&data).args(["ready-for-pstg", &escalation]));
    assert!(err.contains("afvist: Sagen kræver midler"), "{err}");
    assert!(err.contains("refused: The case needs funds"), "{err}");
    stdout_of(hub(&data).args([
        "forum-approval",
        &escalation,
        "--on",
        "2027-02-15",
        "--reference",
        "MitID-økonomiforum, referat 15. februar 2027, pkt. 2",
    ]));
    stdout_of(hub(&data).args(["ready-for-pstg", &escalation]));
    stdout_of(hub(&data).args(["sent-to-pstg", &escalation]));
    // PSTG has dealt with it: closed, and closing twice is refused.
    stdout_of(hub(&data).args(["close-escalation", &escalation]));
    let err = stderr_of_failure(hub(&data).args(["close-escalation", &escalation]));
    assert!(
        err.contains("afvist: Sagen er allerede afsluttet."),
        "{err}"
    );

    let e = entity_body(&data, "escalation", &escalation);
    assert_eq!(e["state"], "closed", "{e}");
    assert_eq!(e["systems"][0], "MITID", "{e}");
    assert_eq!(e["agenda_item"], item.as_str(), "{e}");

    // Correcting the item: a typo in the title, then no systems. An unknown system is refused
    // and changes nothing.
    let item_body = || entity_body(&data, "agenda_item", &item);
    let err = stderr_of_failure(hub(&data).args([
        "edit-item",
        &item,
        "--title",
        "Ny",
        "--system",
        "NOPE",
    ]));
    assert!(
        err.contains("refused: NOPE is not in the portfolio."),
        "{err}"
    );
    assert_eq!(item_body()["title"], "Redundant drift af MitID");
    stdout_of(hub(&data).args([
        "edit-item",
        &item,
        "--title",
        "Redundant drift af MitID i 2027",
        "--kind",
        "discussion",
    ]));
    let edited = item_body();
    assert_eq!(
        edited["title"], "Redundant drift af MitID i 2027",
        "{edited}"
    );
    assert_eq!(edited["kind"], "discussion", "{edited}");
    assert_eq!(edited["systems"][0], "MITID", "untouched: {edited}");
    assert_eq!(edited["escalation"], escalation.as_str(), "{edited}");
    stdout_of(hub(&data).args(["edit-item", &item, "--no-systems"]));
    assert_eq!(item_body()["systems"], serde_json::json!([]));

    // The escalation's earlier states are superseded: compacting the log removes them.
    let (out, _) = stdout_of(hub(&data).arg("compact-log"));
    assert!(
        out.starts_with("removed ") && !out.starts_with("removed 0 "),
        "{out}"
    );
    let (out, _) = stdout_of(hub(&data).arg("compact-log"));
    assert!(out.starts_with("removed 0 superseded changes;"), "{out}");
}

/// `act` runs any op of the secretariat as JSON through the same decision as the API.
#[test]
fn act_runs_any_op_through_the_same_decision() {
    let dir = tempfile::tempdir().unwrap();
    stdout_of(hub(dir.path()).arg("init"));
    let meeting = uuid::Uuid::now_v7();
    let op = serde_json::json!({"type": "upsert_meeting", "meeting": {
        "id": meeting, "kind": "extra", "date": "2027-02-01", "start": "10:00:00", "end": null,
        "location": "Online", "attendance": "online", "status": "planned",
        "link": "https://teams.microsoft.com/l/x"}});
    let (out, _) =
        stdout_of(hub(dir.path()).args(["--today", "2027-01-04", "act", &op.to_string()]));
    assert!(out.starts_with("upsert_meeting (change "), "{out}");
    assert_eq!(
        entity_body(dir.path(), "meeting", &meeting.to_string())["link"],
        "https://teams.microsoft.com/l/x"
    );
    // From a file, and refused in core's words.
    let file = dir.path().join("op.json");
    std::fs::write(
        &file,
        serde_json::json!({"type": "cancel_meeting", "meeting": meeting, "reason": " "})
            .to_string(),
    )
    .unwrap();
    let err = stderr_of_failure(hub(dir.path()).args(["act", &format!("@{}", file.display())]));
    assert!(err.contains("Say why the meeting is cancelled"), "{err}");
    assert!(err.contains("Skriv, hvorfor mødet aflyses"), "{err}");
    let err = stderr_of_failure(hub(dir.path()).args(["act", "{\"type\":\"drop_table\"}"]));
    assert!(err.contains("not an op"), "{err}");
}
