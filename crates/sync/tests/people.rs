//! The desk's people acts through the app's engine against a real hub: invite (the token once),
//! list with devices and last contact, a new token, revoke one token, change an organisation's
//! representative, revoke a person; a member's token is refused; with the hub away the error is
//! "offline" and nothing is queued (tokens are minted by the hub, there and then).

#[allow(unused_imports)]
mod common;

use common::{today, World};
use styrebord_core::ids::{OrgId, PersonId};
use styrebord_core::org::Role;
use styrebord_protocol::people::NewPerson;
use styrebord_sync::SyncError;
use uuid::Uuid;

fn new_person(org: &str, role: Role, name: &str, replace: bool) -> NewPerson {
    NewPerson {
        id: PersonId::from_uuid(Uuid::now_v7()),
        org: OrgId::parse(org).unwrap(),
        role,
        name: name.into(),
        email: format!(
            "{}@{}.dk",
            name.split(' ').next().unwrap().to_lowercase(),
            org.to_lowercase()
        ),
        replace_representative: replace,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_manages_access_over_the_api() {
    let mut w = World::start().await;
    let sec = w.invite("DIGST", Role::Secretariat, "Sara Sekretær");
    let (_store, desk) = w.client_for("desk", &sec);
    desk.sync_once(today()).await.unwrap();

    // Invite an observer: the token comes back once and works at once.
    let obs = new_person("KL", Role::Observer, "Ole Observatør", false);
    let inv = desk.invite(&obs).await.unwrap();
    assert_eq!(inv.person, obs.id);
    assert!(inv.token.len() >= 32, "a real secret: {}", inv.token);
    let member = common::Member {
        person: inv.person,
        token: inv.token.clone(),
        token_id: inv.token_id.clone(),
    };
    let (_s, ole) = w.client_for("ole", &member);
    ole.sync_once(today()).await.unwrap();

    // The list names him, with his token and the device that has now been in touch; never a
    // token itself.
    let people = desk.people().await.unwrap();
    let his = people
        .iter()
        .find(|p| p.person.id == obs.id)
        .expect("listed");
    assert_eq!(his.person.name, "Ole Observatør");
    assert_eq!(his.tokens.len(), 1);
    assert!(his.tokens[0].last_used_at.is_some(), "{his:?}");
    let listed = serde_json::to_string(&people).unwrap();
    assert!(!listed.contains(&inv.token), "a token is never listed");

    // A retry of the same invitation is refused, not a second person.
    let again = desk.invite(&obs).await.unwrap_err();
    assert_eq!(again.body().code, "id_conflict", "{again:?}");

    // A second token, then the first revoked: the old one stops, the new one works.
    let second = desk.new_token(obs.id).await.unwrap();
    let revoked = desk.revoke_token(&inv.token_id).await.unwrap();
    assert_eq!(revoked.tokens_revoked, 1);
    assert!(matches!(
        ole.sync_once(today()).await,
        Err(SyncError::Revoked(_))
    ));
    let (_s2, ole2) = w.client_for(
        "ole2",
        &common::Member {
            person: obs.id,
            token: second.token.clone(),
            token_id: second.token_id.clone(),
        },
    );
    ole2.sync_once(today()).await.unwrap();

    // A new representative for KL takes the seat; the sitting one (w.kl) loses access.
    let new_rep = new_person("KL", Role::Member, "Karen Ny", true);
    desk.invite(&new_rep).await.unwrap();
    let (_s3, old_rep) = w.client();
    assert!(matches!(
        old_rep.sync_once(today()).await,
        Err(SyncError::Revoked(_))
    ));
    let people = desk.people().await.unwrap();
    let old = people.iter().find(|p| p.person.id == w.kl.person).unwrap();
    assert!(!old.person.active);
    assert!(old.tokens.iter().all(|t| t.revoked_at.is_some()));

    // Revoking the observer takes every token of his.
    let gone = desk.revoke_person(obs.id).await.unwrap();
    assert_eq!(gone.person, Some(obs.id));
    assert!(matches!(
        ole2.sync_once(today()).await,
        Err(SyncError::Revoked(_))
    ));

    // A member may not: the hub refuses with core's words.
    let (_s4, dr) = w.client_for("dr", &w.dr);
    let refused = dr.people().await.unwrap_err();
    assert!(
        matches!(refused, SyncError::Hub { status: 403, .. }),
        "{refused:?}"
    );
    let refused = dr
        .invite(&new_person("DR", Role::Observer, "Nina Ingen", false))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, SyncError::Hub { status: 403, .. }),
        "{refused:?}"
    );

    // With the hub away the desk is told it is offline, and nothing waits to be sent later.
    w.stop_hub().await;
    let away = desk
        .invite(&new_person("DR", Role::Observer, "Nina Senere", false))
        .await
        .unwrap_err();
    assert!(matches!(away, SyncError::Network(_)), "{away:?}");
    w.start_hub().await;
    let people = desk.people().await.unwrap();
    assert!(people.iter().all(|p| p.person.name != "Nina Senere"));
}
