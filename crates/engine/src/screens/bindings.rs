//! The UI's TypeScript types, generated from the view types of this module with ts-rs into
//! `ui/src/bindings/`. The test fails when the committed files differ from what the Rust types
//! give; `UPDATE_BINDINGS=1 cargo test -p engine bindings` writes them anew.

use super::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

/// Where the UI keeps the generated types.
fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

/// Every `.ts` file of `dir`, by name.
fn typescript_files(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "ts"))
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(entry.path()).unwrap())
        })
        .collect()
}

/// Exports every type the Tauri commands take or return (with what they use) into `dir`.
fn export_all(dir: &Path) {
    let config = Config::new().with_large_int("number").with_out_dir(dir);
    OrderListItem::export_all(&config).unwrap();
    OrderQuery::export_all(&config).unwrap();
    OrderView::export_all(&config).unwrap();
    PlanView::export_all(&config).unwrap();
    Health::export_all(&config).unwrap();
    SettingsView::export_all(&config).unwrap();
    Problem::export_all(&config).unwrap();
    CheckView::export_all(&config).unwrap();
    RuleKind::export_all(&config).unwrap();
    RuleTrial::export_all(&config).unwrap();
    EventView::export_all(&config).unwrap();
    EventQuery::export_all(&config).unwrap();
    DayCount::export_all(&config).unwrap();
    StorefrontView::export_all(&config).unwrap();
    AppInfo::export_all(&config).unwrap();
}

#[test]
fn the_ui_bindings_are_generated_from_the_rust_types() {
    let generated = tempfile::tempdir().unwrap();
    export_all(generated.path());
    let fresh = typescript_files(generated.path());
    assert!(fresh.contains_key("OrderListItem.ts") && fresh.contains_key("OrderState.ts"));
    let committed_dir = bindings_dir();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(&committed_dir).unwrap();
        for stale in typescript_files(&committed_dir).keys() {
            if !fresh.contains_key(stale) {
                std::fs::remove_file(committed_dir.join(stale)).unwrap();
            }
        }
        for (name, text) in &fresh {
            std::fs::write(committed_dir.join(name), text).unwrap();
        }
    }
    let committed = typescript_files(&committed_dir);
    check_dev_samples();
    let differing: Vec<&String> = fresh
        .keys()
        .chain(committed.keys())
        .filter(|name| fresh.get(*name) != committed.get(*name))
        .collect();
    assert!(
        differing.is_empty(),
        "ui/src/bindings is not what the Rust types give ({differing:?}); run \
         `UPDATE_BINDINGS=1 cargo test -p engine bindings` and commit the files"
    );
}

#[test]
fn the_settings_schema_documents_every_parameter() {
    let schema = settings_schema();
    let text = schema.to_string();
    // Help texts come from the doc comments; choices and nested sections are described.
    assert!(text.contains("Create Customer"), "{text}");
    assert!(schema["properties"]["customers"].is_object());
    assert!(
        schema["$defs"]["CustomerSettings"]["properties"]["create_customer"]["description"]
            .as_str()
            .is_some_and(|help| !help.is_empty())
    );
}

/// The UI's development samples (for its mock backend and unit tests): the settings' schema and
/// the golden settings as the window receives them, generated like the bindings.
fn check_dev_samples() {
    let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/dev");
    let golden = crate::settings::Settings::from_toml(include_str!(
        "../../../../fixtures/settings/golden.toml"
    ))
    .unwrap();
    let samples = [
        (
            "settings-schema.json",
            serde_json::to_string_pretty(&settings_schema()).unwrap() + "\n",
        ),
        (
            "settings.json",
            serde_json::to_string_pretty(&golden).unwrap() + "\n",
        ),
    ];
    for (name, text) in samples {
        let path = dev.join(name);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(&dev).unwrap();
            std::fs::write(&path, &text).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).ok().as_deref(),
            Some(text.as_str()),
            "ui/src/dev/{name} is not what the Rust types give; run \
             `UPDATE_BINDINGS=1 cargo test -p engine bindings` and commit it"
        );
    }
}
