//! People and access over HTTP: the secretariat invites (the token shown once), issues a new
//! token, lists each person's tokens and devices with their last contact, changes an
//! organisation's representative, and revokes a token or a person. No one else may.

mod common;

use common::{mutation, register_observer, World};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

async fn call(
    w: &World,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = w
        .client
        .request(method, format!("{}{path}", w.base))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")),
    )
}

fn new_person(org: &str, role: &str, name: &str, email: &str) -> Value {
    json!({"id": Uuid::now_v7(), "org": org, "role": role, "name": name, "email": email})
}

#[tokio::test]
async fn the_secretariat_manages_access_over_http_and_no_one_else_can() {
    let w = World::start().await;

    // Only the secretariat: a member, the chair and an observer are refused with 403.
    for who in [&w.kl_member, &w.chair, &w.kl_obs] {
        let (s, v) = call(&w, Method::GET, "/v1/people", &who.token, None).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
        assert_eq!(v["code"], "secretariat_only");
        let (s, _) = call(
            &w,
            Method::POST,
            "/v1/people",
            &who.token,
            Some(new_person("KL", "observer", "Ole", "ole@kl.dk")),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = call(
            &w,
            Method::DELETE,
            &format!("/v1/people/{}", w.dr_member.person),
            &who.token,
            None,
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }

    // Invite: 201 with the token once; the token works at once.
    let ole = new_person("KL", "observer", "Ole Observatør", "ole@kl.dk");
    let (s, inv) = call(
        &w,
        Method::POST,
        "/v1/people",
        &w.sec.token,
        Some(ole.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{inv}");
    let ole_token = inv["token"].as_str().unwrap().to_owned();
    assert!(ole_token.starts_with("sbh1_"));
    let (s, me) = w.get_json("/v1/me", &ole_token).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(me["person"]["name"], "Ole Observatør");
    // The same id again (a retry after a lost answer) does not make a second person.
    let (s, v) = call(&w, Method::POST, "/v1/people", &w.sec.token, Some(ole)).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("id_conflict"))
    );
    // Bad input is refused in core's words.
    let (s, v) = call(
        &w,
        Method::POST,
        "/v1/people",
        &w.sec.token,
        Some(new_person("XX", "member", "X", "x@x.dk")),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("unknown_organisation")
        )
    );
    let (s, v) = call(
        &w,
        Method::POST,
        "/v1/people",
        &w.sec.token,
        Some(new_person("KL", "member", "Kim", "kim")),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("registrant_email_invalid")
        )
    );
    // A second representative is refused unless it replaces the sitting one.
    let kim = new_person("KL", "member", "Kim Kommune", "kim@kl.dk");
    let (s, v) = call(
        &w,
        Method::POST,
        "/v1/people",
        &w.sec.token,
        Some(kim.clone()),
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("representative_already_appointed")
        )
    );

    // The old representative has a device that has written: it shows with its last contact.
    let device = Uuid::now_v7();
    let (s, _) = w
        .mutate(
            &w.kl_member.token,
            device,
            vec![mutation(1, register_observer(w.m3, "KL", "olga@kl.dk"))],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, people) = call(&w, Method::GET, "/v1/people", &w.sec.token, None).await;
    assert_eq!(s, StatusCode::OK);
    let kl = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"]["id"] == json!(w.kl_member.person))
        .unwrap();
    assert_eq!(kl["devices"][0]["id"], json!(device));
    assert!(kl["devices"][0]["last_seen"].is_string(), "{kl}");
    assert!(kl["tokens"][0]["last_used_at"].is_string(), "{kl}");
    assert!(kl["tokens"][0].get("token").is_none() && kl["tokens"][0].get("hash").is_none());

    // Change of representative: Kim takes KL's seat; the old member loses access in the same act.
    let mut kim = kim;
    kim["replace_representative"] = json!(true);
    let (s, inv) = call(&w, Method::POST, "/v1/people", &w.sec.token, Some(kim)).await;
    assert_eq!(s, StatusCode::CREATED, "{inv}");
    let (s, v) = w.get_json("/v1/me", &w.kl_member.token).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("token_revoked"))
    );
    let kim_token = inv["token"].as_str().unwrap().to_owned();
    let feed = w.all_changes(&kim_token).await;
    let person_state = |id: &Value| {
        feed.iter()
            .rev()
            .find(|c| c["kind"] == "person" && c["body"]["id"] == *id)
            .map(|c| c["body"]["active"].clone())
    };
    assert_eq!(person_state(&json!(w.kl_member.person)), Some(json!(false)));
    assert_eq!(person_state(&inv["person"]), Some(json!(true)));

    // A new token for Kim (a second laptop); revoking the first leaves the second working.
    let kim_id = inv["person"].as_str().unwrap().to_owned();
    let (s, second) = call(
        &w,
        Method::POST,
        &format!("/v1/people/{kim_id}/tokens"),
        &w.sec.token,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{second}");
    let (s, _) = call(
        &w,
        Method::DELETE,
        &format!("/v1/tokens/{}", inv["token_id"].as_str().unwrap()),
        &w.sec.token,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        w.get_json("/v1/me", &kim_token).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        w.get_json("/v1/me", second["token"].as_str().unwrap())
            .await
            .0,
        StatusCode::OK
    );
    let (s, v) = call(
        &w,
        Method::DELETE,
        "/v1/tokens/no-such-token",
        &w.sec.token,
        None,
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("token_not_found"))
    );

    // Revoking a person: every token, and no new ones.
    let (s, v) = call(
        &w,
        Method::DELETE,
        &format!("/v1/people/{kim_id}"),
        &w.sec.token,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["tokens_revoked"], 1);
    assert_eq!(
        w.get_json("/v1/me", second["token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let (s, v) = call(
        &w,
        Method::POST,
        &format!("/v1/people/{kim_id}/tokens"),
        &w.sec.token,
        None,
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("person_revoked"))
    );
    let (s, v) = call(
        &w,
        Method::POST,
        &format!("/v1/people/{}/tokens", Uuid::now_v7()),
        &w.sec.token,
        None,
    )
    .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("person_not_found"))
    );
}

#[tokio::test]
async fn who_has_not_answered_is_the_secretariats_to_ask() {
    let w = World::start().await;
    let path = format!("/v1/outstanding?procedure={}", w.procedure);
    let (s, v) = call(&w, Method::GET, &path, &w.sec.token, None).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let before: Vec<String> = serde_json::from_value(v["orgs"].clone()).unwrap();
    assert!(before.contains(&"KL".to_owned()), "{before:?}");
    let (s, _) = w
        .mutate(&w.kl_member.token, Uuid::now_v7(), vec![mutation(1, json!({"type": "respond_procedure", "procedure": w.procedure, "org": "KL", "response": {"kind": "agree"}}))])
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, v) = call(&w, Method::GET, &path, &w.sec.token, None).await;
    let after: Vec<String> = serde_json::from_value(v["orgs"].clone()).unwrap();
    assert_eq!(after.len() + 1, before.len());
    assert!(!after.contains(&"KL".to_owned()));
    let (s, _) = call(&w, Method::GET, &path, &w.kl_member.token, None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = call(&w, Method::GET, "/v1/outstanding", &w.sec.token, None).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("query_invalid"))
    );
}
