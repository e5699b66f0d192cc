//! The unauthenticated `/__sandbox/` control endpoints.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{Response, StatusCode};
use axum::routing::{get, post};
use serde_json::json;

use crate::faults::Fault;
use crate::respond;
use crate::state::Shared;

/// Path prefix of the control endpoints.
pub(crate) const PREFIX: &str = "/__sandbox/";

/// The router of the control endpoints.
pub(crate) fn router(state: Arc<Shared>) -> Router {
    Router::new()
        .route("/__sandbox/faults", post(queue_fault))
        .route("/__sandbox/requests", get(requests))
        .route("/__sandbox/reset", post(reset))
        .route("/__sandbox/health", get(health))
        .fallback(|| async { respond::not_found("Resource not found") })
        .method_not_allowed_fallback(|| async { respond::method_not_allowed() })
        .with_state(state)
}

async fn queue_fault(State(state): State<Arc<Shared>>, body: Bytes) -> Response<Body> {
    match Fault::from_json(&body) {
        Ok(fault) => {
            let queued = state.queue_fault(fault);
            respond::json(StatusCode::OK, &json!({ "queued": queued }))
        }
        Err(title) => respond::bad_request(&title),
    }
}

async fn requests(State(state): State<Arc<Shared>>) -> Response<Body> {
    respond::json(StatusCode::OK, &json!({ "requests": state.requests() }))
}

async fn reset(State(state): State<Arc<Shared>>) -> Response<Body> {
    state.reset();
    respond::json(StatusCode::OK, &json!({}))
}

async fn health() -> Response<Body> {
    respond::json(StatusCode::OK, &json!({ "ok": true }))
}
