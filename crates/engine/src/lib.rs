//! The product logic of Pressero → Pace Sync, with no UI and no Tauri: settings and rules, the
//! order plan, and (later) the store, apply, poller, alerts and the service handle.
