//! IPC commands the UI may call. Each is a thin adapter: take the arguments, call the store, the
//! sync engine or a core rule, and return data or a `{code, message_da, message_en}` error.

pub mod desk;
pub mod desk_people;
pub mod desk_portfolio;
pub mod documents;
pub mod info;
pub mod session;
pub mod sync;
pub mod update;
pub mod views;
pub mod writes;
