//! Events from the backend to the page (sync progress and status, uploads, updates), which the
//! page takes with a waiting command, [`next_events`], instead of Tauri's `emit`.
//!
//! Why not `emit`: it runs a script in the page per event (`webkit_web_view_run_javascript`), and
//! WebKit hands each script's result back to this process as a JavaScript value, so the app's
//! own process starts a JavaScript engine only to drop those results (2.5 MiB of the app's
//! process, 1.5 MiB of the app's memory in all: the web process maps the same engine;
//! docs/BENCHMARKS.md). A command's answer travels over Tauri's `ipc://` protocol, which needs
//! none. The page keeps one `next_events` call waiting (ui/src/lib/events.ts); an event wakes it
//! at once, so an event reaches the page as soon as through `emit`.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use tokio::sync::watch;

/// Events kept for a page that is between two calls. The page calls again within milliseconds;
/// these are the most ever waiting for it (a sync round's progress is a few dozen).
const KEPT: usize = 512;

/// How long one call waits for an event before it answers with none (and is made again).
const WAIT: Duration = Duration::from_secs(25);

/// One event: its sequence number, its name ("sync://progress") and its payload (the event's own
/// type, e.g. `SyncStatusEvent`; the page's subscriber for that name knows which).
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export, rename = "BackendEvent")]
pub struct Event {
    pub seq: u64,
    pub name: &'static str,
    #[ts(type = "unknown")]
    pub payload: serde_json::Value,
}

/// What [`next_events`] answers: the events from the asked sequence number on, and the number to
/// ask from next.
#[derive(Debug, Clone, Serialize, PartialEq, ts_rs::TS)]
#[ts(export)]
pub struct EventBatch {
    pub events: Vec<Event>,
    pub next: u64,
}

/// The app's queue of events for the page (managed state).
pub struct Events {
    kept: Mutex<VecDeque<Event>>,
    /// The next event's sequence number; a waiting call watches it.
    next: watch::Sender<u64>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            kept: Mutex::new(VecDeque::with_capacity(KEPT)),
            next: watch::Sender::new(1),
        }
    }
}

impl Events {
    /// Queues an event and wakes a waiting call. A payload that cannot be serialised (never, for
    /// the app's own types) is sent as null rather than lost: the name alone tells the page to
    /// look again.
    pub fn publish(&self, name: &'static str, payload: impl Serialize) {
        let payload = serde_json::to_value(payload).unwrap_or(serde_json::Value::Null);
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let seq = *self.next.borrow();
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back(Event { seq, name, payload });
        // Under the queue's lock, so sequence numbers are given out in order.
        self.next.send_replace(seq + 1);
    }

    /// The next event's sequence number: a reader that takes events from here misses none
    /// published after this call.
    pub fn position(&self) -> u64 {
        *self.next.borrow()
    }

    /// The events from `from` on, waiting up to `wait` for one when there are none yet. `None`
    /// asks only where the queue stands: the page subscribes from there.
    pub async fn after(&self, from: Option<u64>, wait: Duration) -> EventBatch {
        let Some(from) = from else {
            return EventBatch {
                events: Vec::new(),
                next: self.position(),
            };
        };
        let mut next = self.next.subscribe();
        // Both a time-out and an event end the wait; what was queued by then is the answer.
        let _ = tokio::time::timeout(wait, next.wait_for(|&n| n > from)).await;
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        EventBatch {
            events: kept.iter().filter(|e| e.seq >= from).cloned().collect(),
            next: *self.next.borrow(),
        }
    }
}

/// Queues an event for the page; the one way the backend tells the page something happened.
pub fn publish<R: Runtime>(app: &AppHandle<R>, name: &'static str, payload: impl Serialize) {
    if let Some(events) = app.try_state::<Events>() {
        events.publish(name, payload);
    }
}

/// The page's waiting call: the events from `from` on (see [`Events::after`]).
#[tauri::command]
pub async fn next_events(
    events: State<'_, Events>,
    from: Option<u64>,
) -> crate::error::CommandResult<EventBatch> {
    Ok(events.after(from, WAIT).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn a_subscriber_gets_every_event_after_where_it_subscribed_in_order() {
        let events = Events::default();
        events.publish("before", 0);
        let at = events.after(None, WAIT).await;
        assert!(at.events.is_empty());
        events.publish("sync://changed", ());
        events.publish("sync://progress", serde_json::json!({"rounds": 2}));
        let batch = events.after(Some(at.next), WAIT).await;
        let names: Vec<_> = batch.events.iter().map(|e| e.name).collect();
        assert_eq!(names, ["sync://changed", "sync://progress"]);
        assert_eq!(batch.events[1].payload["rounds"], 2);
        assert_eq!(batch.next, at.next + 2);
    }

    #[tokio::test]
    async fn a_waiting_call_is_woken_by_the_next_event() {
        let events = Arc::new(Events::default());
        let from = events.after(None, WAIT).await.next;
        let waiting = tokio::spawn({
            let events = events.clone();
            async move { events.after(Some(from), WAIT).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "answered with nothing to say");
        events.publish("update://status", "ready");
        let batch = tokio::time::timeout(Duration::from_secs(5), waiting)
            .await
            .expect("woken at once, not after WAIT")
            .unwrap();
        assert_eq!(batch.events.len(), 1);
        assert_eq!(batch.events[0].payload, "ready");
    }

    #[tokio::test]
    async fn with_nothing_new_it_answers_empty_after_its_wait() {
        let events = Events::default();
        let from = events.after(None, WAIT).await.next;
        let batch = events.after(Some(from), Duration::from_millis(20)).await;
        assert!(batch.events.is_empty());
        assert_eq!(batch.next, from);
    }

    #[tokio::test]
    async fn a_page_far_behind_gets_the_newest_it_can_and_where_to_go_on() {
        let events = Events::default();
        for i in 0..(KEPT as u64 + 10) {
            events.publish("sync://progress", i);
        }
        let batch = events.after(Some(1), WAIT).await;
        assert_eq!(batch.events.len(), KEPT);
        assert_eq!(batch.events[0].payload, 10);
        assert_eq!(batch.next, KEPT as u64 + 11);
    }
}
