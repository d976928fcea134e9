//! The subscriber's standing records: storefronts (SiteInfo shape), site users (user Info shape,
//! with address books), products (product detail shape) and workflows. Sites, users and products
//! are kept as the JSON the fixtures hold, so every field of Pressero's shapes is served as
//! written; only the fields the simulator needs to look things up are read from them.
//! GUIDs and domains are compared without regard to case, as Pressero does.

use serde_json::Value;

use crate::wire::{AttributeDefinition, ProductAttribute, Workflow, WorkflowStage};

/// Sites, users, products and workflows.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// SiteInfo objects.
    pub sites: Vec<Value>,
    /// User Info objects (`UserID`, `SiteId`, …, `UserSite.AddressBook`).
    pub users: Vec<Value>,
    /// Product detail objects (`ProductInfo.SiteName` says which storefront sells it).
    pub products: Vec<Value>,
    /// Workflows with their stages.
    pub workflows: Vec<Workflow>,
    /// The subscriber's product attributes: the name of each `AttributeId`.
    pub attributes: Vec<AttributeDefinition>,
}

/// The string at `pointer` (a JSON pointer such as `/ProductInfo/SiteName`), or `""`.
pub fn text<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn same(a: &str, b: &str) -> bool {
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

impl Catalog {
    /// The site with this `SiteId`.
    pub fn site(&self, site_id: &str) -> Option<&Value> {
        self.sites
            .iter()
            .find(|s| same(text(s, "/SiteId"), site_id))
    }

    /// The site with this `SiteName` (exact, case-insensitive).
    pub fn site_named(&self, name: &str) -> Option<&Value> {
        self.sites.iter().find(|s| same(text(s, "/SiteName"), name))
    }

    /// The site answering on `domain`: its `PrimaryDomain` or any of its `SiteDomains`.
    pub fn site_by_domain(&self, domain: &str) -> Option<&Value> {
        self.sites.iter().find(|site| {
            same(text(site, "/PrimaryDomain"), domain)
                || site
                    .get("SiteDomains")
                    .and_then(Value::as_array)
                    .is_some_and(|domains| domains.iter().any(|d| same(text(d, "/Domain"), domain)))
        })
    }

    /// The user with this `UserID`.
    pub fn user(&self, user_id: &str) -> Option<&Value> {
        self.users
            .iter()
            .find(|u| same(text(u, "/UserID"), user_id))
    }

    /// The products sold on the storefront named `site_name`.
    pub fn products_of(&self, site_name: &str) -> impl Iterator<Item = &Value> {
        let site_name = site_name.to_owned();
        self.products
            .iter()
            .filter(move |p| same(text(p, "/ProductInfo/SiteName"), &site_name))
    }

    /// The product `product_id` on the storefront named `site_name`.
    pub fn product(&self, site_name: &str, product_id: &str) -> Option<&Value> {
        self.products_of(site_name)
            .find(|p| same(text(p, "/ProductId"), product_id))
    }

    /// The product named `product_name` on the storefront named `site_name`.
    pub fn product_named(&self, site_name: &str, product_name: &str) -> Option<&Value> {
        self.products_of(site_name)
            .find(|p| same(text(p, "/ProductName"), product_name))
    }

    /// The name of the product attribute `attribute_id`, if the subscriber defines it.
    pub fn attribute_name(&self, attribute_id: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| same(&a.attribute_id, attribute_id))
            .map(|a| a.attribute_name.as_str())
    }

    /// The workflow with this id.
    pub fn workflow(&self, workflow_id: &str) -> Option<&Workflow> {
        self.workflows
            .iter()
            .find(|w| same(&w.workflow_id, workflow_id))
    }

    /// The stage `stage_id` of workflow `workflow_id`.
    pub fn stage(&self, workflow_id: &str, stage_id: &str) -> Option<&WorkflowStage> {
        self.workflow(workflow_id)?
            .stages
            .iter()
            .find(|s| same(&s.workflow_stage_id, stage_id))
    }
}

/// A product's `Attributes`, as an item carries them.
pub fn product_attributes(product: &Value) -> Vec<ProductAttribute> {
    product
        .get("Attributes")
        .cloned()
        .and_then(|a| crate::caseless::from_value(a).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog() -> Catalog {
        Catalog {
            sites: vec![json!({
                "SiteId": "AB-1", "SiteName": "Acme Store", "PrimaryDomain": "acme.example",
                "SiteDomains": [{"Domain": "www.acme.example"}]
            })],
            products: vec![json!({
                "ProductId": "p-1", "ProductName": "Cards",
                "Attributes": [{"AttributeId": "a", "AttributeValue": "10"}],
                "ProductInfo": {"SiteName": "Acme Store"}
            })],
            attributes: vec![AttributeDefinition {
                attribute_id: "A".into(),
                attribute_name: "JobType".into(),
            }],
            ..Catalog::default()
        }
    }

    #[test]
    fn sites_are_found_by_id_and_any_domain_without_regard_to_case() {
        let catalog = catalog();
        assert!(catalog.site("ab-1").is_some());
        assert!(catalog.site_by_domain("WWW.ACME.EXAMPLE").is_some());
        assert!(catalog.site_by_domain("acme.example").is_some());
        assert!(catalog.site_by_domain("other.example").is_none());
        assert!(catalog.site("").is_none());
    }

    #[test]
    fn products_belong_to_their_storefront() {
        let catalog = catalog();
        let product = catalog.product("Acme Store", "P-1").unwrap();
        assert_eq!(product_attributes(product)[0].attribute_value, "10");
        assert_eq!(product_attributes(product)[0].attribute_name, None);
        assert_eq!(catalog.attribute_name("a"), Some("JobType"));
        assert!(catalog.product("Public Shop", "p-1").is_none());
    }
}
