//! Writing back to Pressero: an item's `MisId` (the Pace job number), an item's workflow stage
//! by stage NAME (resolved through the item's workflow, cached per workflow), and shipments
//! with tracking.

use reqwest::Method;

use super::PresseroClient;
use crate::error::{CallSite, PresseroError};
use crate::records::{NewShipment, WorkflowStage};
use crate::wire::facts::{
    ItemUpdate, ShipmentAddress, ShipmentInfo, ShipmentItem, ShipmentRequest,
};

impl PresseroClient {
    /// Sets an item's `MisId` (`PUT /api/v2/Orders/{n}/Item/{seq}` with `{"MisId":…}`).
    pub async fn set_item_mis_id(
        &self,
        order_number: u64,
        item_number: u32,
        mis_id: &str,
    ) -> Result<(), PresseroError> {
        let (order, item) = (order_number.to_string(), item_number.to_string());
        let mut request =
            self.request(Method::PUT, &["api", "v2", "Orders", &order, "Item", &item])?;
        request.site = request.site.order(order_number).item(Some(item_number));
        request.body = Some(to_json(&ItemUpdate { mis_id }, &request.site)?);
        self.call(&request).await.map(drop)
    }

    /// Moves an item to the stage named `stage_name` (admin-side `PrinterStage`, compared
    /// without regard to case) of the item's own workflow, whose `WorkflowId` is read from the
    /// order's search rows (one search by `OrderNumber`; no item details). A caller that has the
    /// order already uses [`PresseroClient::set_item_stage_in_workflow`].
    pub async fn set_item_stage(
        &self,
        order_number: u64,
        item_number: u32,
        stage_name: &str,
        notes: Option<&str>,
    ) -> Result<(), PresseroError> {
        let (rows, site) = self.order_rows(order_number).await?;
        let site = site.item(Some(item_number));
        let row = rows
            .into_iter()
            .find(|r| {
                r.order.order_number == order_number && r.item.item.item_number == item_number
            })
            .ok_or_else(|| PresseroError::Status {
                site: site.clone(),
                status: 404,
                message: format!(
                    "Order item not found: no search row has OrderNumber {order_number} and \
                     OrderItemNumber {item_number}"
                ),
            })?;
        let workflow_id = row.item.item.workflow_id;
        if workflow_id.is_empty() {
            return Err(PresseroError::Malformed {
                site,
                detail: "`WorkflowId` is missing, so the stage cannot be resolved".to_owned(),
            });
        }
        self.set_item_stage_in_workflow(order_number, item_number, &workflow_id, stage_name, notes)
            .await
    }

    /// Moves an item to the stage named `stage_name` of `workflow_id` (the item's workflow,
    /// when the caller already knows it: [`crate::order::OrderItem::workflow_id`]).
    /// (`PUT /api/V2/Orders/{n}/Item/{seq}/Status/{stageId}?notes=…`.)
    pub async fn set_item_stage_in_workflow(
        &self,
        order_number: u64,
        item_number: u32,
        workflow_id: &str,
        stage_name: &str,
        notes: Option<&str>,
    ) -> Result<(), PresseroError> {
        let (order, item) = (order_number.to_string(), item_number.to_string());
        let stage = self
            .resolve_stage(workflow_id, stage_name, order_number, item_number)
            .await?;
        let mut request = self.request(
            Method::PUT,
            &[
                "api",
                "V2",
                "Orders",
                &order,
                "Item",
                &item,
                "Status",
                &stage.stage_id,
            ],
        )?;
        request
            .url
            .query_pairs_mut()
            .append_pair("notes", notes.unwrap_or_default());
        request.site = request.site.order(order_number).item(Some(item_number));
        self.call(&request).await.map(drop)
    }

    /// The stage named `stage_name` in `workflow_id`; when the cached list lacks it, the list is
    /// read again once (a stage may have been added) before giving up.
    async fn resolve_stage(
        &self,
        workflow_id: &str,
        stage_name: &str,
        order_number: u64,
        item_number: u32,
    ) -> Result<WorkflowStage, PresseroError> {
        let wanted = stage_name.trim();
        let find = |stages: &[WorkflowStage]| {
            stages
                .iter()
                .find(|s| s.printer_stage.trim().eq_ignore_ascii_case(wanted))
                .cloned()
        };
        if let Some(stage) = find(&self.workflow_stages(workflow_id).await?) {
            return Ok(stage);
        }
        let stages = self.refresh_workflow_stages(workflow_id).await?;
        if let Some(stage) = find(&stages) {
            return Ok(stage);
        }
        let name = match self.workflows().await {
            Ok(workflows) => workflows
                .iter()
                .find(|w| w.workflow_id.eq_ignore_ascii_case(workflow_id))
                .map(|w| w.name.clone())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        let workflow = if name.is_empty() {
            workflow_id.to_owned()
        } else {
            format!("{name:?} ({workflow_id})")
        };
        Err(PresseroError::UnknownStage {
            site: CallSite::new(format!(
                "PUT /api/V2/Orders/{order_number}/Item/{item_number}/Status"
            ))
            .order(order_number)
            .item(Some(item_number)),
            workflow,
            stage: wanted.to_owned(),
            available: stages.iter().map(|s| s.printer_stage.clone()).collect(),
        })
    }

    /// Records a shipment with tracking (`POST /api/V2/Orders/Shipments`).
    pub async fn post_shipment(&self, shipment: &NewShipment) -> Result<(), PresseroError> {
        let mut request = self.request(Method::POST, &["api", "V2", "Orders", "Shipments"])?;
        let a = &shipment.address;
        let body = ShipmentRequest {
            order_id: &shipment.order_id,
            shipping_method_name: &shipment.shipping_method,
            shipment: ShipmentInfo {
                ship_date: shipment.ship_date.format("%Y-%m-%dT00:00:00").to_string(),
                tracking: &shipment.tracking,
                cost: shipment.cost,
                address: ShipmentAddress {
                    business: &a.business,
                    first_name: &a.first_name,
                    last_name: &a.last_name,
                    title: &a.title,
                    address1: &a.address1,
                    address2: &a.address2,
                    address3: &a.address3,
                    city: &a.city,
                    state_province: &a.state_province,
                    postal: &a.postal,
                    country: &a.country,
                    phone: &a.phone,
                    email: &a.email,
                },
                items: shipment
                    .item_ids
                    .iter()
                    .map(|id| ShipmentItem { order_item_id: id })
                    .collect(),
            },
        };
        request.body = Some(to_json(&body, &request.site)?);
        self.call(&request).await.map(drop)
    }
}

fn to_json(body: &impl serde::Serialize, site: &CallSite) -> Result<Vec<u8>, PresseroError> {
    serde_json::to_vec(body).map_err(|error| PresseroError::InvalidRequest {
        site: site.clone(),
        detail: format!("cannot write the request body: {error}"),
    })
}
