//! Item template defaults, applied when a Job or a JobPart is created with `itemTemplate`.
//!
//! The rule (documented in `fixtures/pace/README.md`): a template's *static* attributes
//! (`ItemTemplateLineAttribute.expressionType = 2`) on its lines whose `dataObject` is the type
//! being created are written **over** the fields the client sent with the create. XPath
//! attributes (`expressionType` 1 and 3) are not evaluated by the simulator. That is why a client
//! must create first and then update the fields it wants to keep (spec Steps 4–5): an update
//! never applies template defaults.

use crate::schema::ObjectType;
use crate::store::Tables;
use crate::value::{PaceObject, normalize};

/// `expressionType` of an attribute whose `defaultValue` is a constant.
const STATIC_EXPRESSION: &str = "2";

/// Writes the static defaults of `object`'s item template (if any) over its fields.
pub fn apply_defaults(tables: &Tables, object_type: &ObjectType, object: &mut PaceObject) {
    let Some(code) = object.get("itemTemplate").cloned() else {
        return;
    };
    let line_type = crate::schema::object_type("ItemTemplateLine");
    let attribute_type = crate::schema::object_type("ItemTemplateLineAttribute");
    let (Some(line_type), Some(attribute_type)) = (line_type, attribute_type) else {
        return;
    };
    let lines: Vec<&String> = tables
        .rows(line_type)
        .into_iter()
        .filter(|line| {
            line.get("itemTemplate") == Some(&code)
                && line.get("dataObject").map(String::as_str) == Some(object_type.name)
        })
        .filter_map(|line| line.get("id"))
        .collect();
    for attribute in tables.rows(attribute_type) {
        let on_line = attribute
            .get("itemTemplateLine")
            .is_some_and(|line| lines.contains(&line));
        let is_static =
            attribute.get("expressionType").map(String::as_str) == Some(STATIC_EXPRESSION);
        if !on_line || !is_static {
            continue;
        }
        let (Some(name), Some(default)) =
            (attribute.get("attribute"), attribute.get("defaultValue"))
        else {
            continue;
        };
        match object_type.field(name).map(|f| normalize(f.kind, default)) {
            Some(Ok(value)) => {
                object.insert(name.clone(), value);
            }
            _ => tracing::warn!(template = %code, attribute = %name, "template default ignored"),
        }
    }
}
