//! Accept loop, per-connection HTTP/1.1 handling, fault application and
//! dispatch to the API and control routers.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, Response, StatusCode, Version, header};
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use crate::faults::{Fault, Outcome};
use crate::state::{Shared, new_request_id};
use crate::{api, control, respond};

/// Largest accepted API request body: 100 kB.
pub(crate) const MAX_BODY_BYTES: usize = 102_400;

/// Largest accepted control request body.
const MAX_CONTROL_BODY_BYTES: usize = 1024 * 1024;

/// How much of an oversized body is still read (and thrown away) so that
/// the client finishes sending and can read the 413 answer.
const MAX_DRAINED_BYTES: usize = 16 * 1024 * 1024;

/// How long a stopping sandbox waits for answers in progress.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// The header that carries each API answer's request id.
const REQUEST_ID: &str = "x-request-id";

/// The error a service returns to make hyper drop the connection unanswered.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the sandbox")
    }
}

impl std::error::Error for DropConnection {}

/// Everything a connection needs to answer requests.
struct App {
    state: Arc<Shared>,
    api: Router,
    control: Router,
}

/// A request body, read up to a limit.
enum ReadBody {
    Complete(Bytes),
    TooLarge,
}

/// Serves connections from `listener` until `shutdown` changes (or its
/// sender goes away), then gives answers in progress a short grace period.
pub(crate) async fn serve(
    listener: TcpListener,
    state: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let app = Arc::new(App {
        api: api::router(state.clone()),
        control: control::router(state.clone()),
        state,
    });
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    connections.spawn(serve_connection(stream, app.clone(), shutdown.clone()));
                }
                Err(e) => {
                    // Typically out of file descriptors: back off and go on.
                    log::warn!("sandbox: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        connections.abort_all();
    }
}

async fn serve_connection(stream: TcpStream, app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| {
        let app = app.clone();
        async move { app.handle(request).await }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service);
    let mut connection = std::pin::pin!(connection);
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(e) = result {
                    log::debug!("sandbox: connection ended: {e}");
                }
                break;
            }
            _ = shutdown.changed(), if !closing => {
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

impl App {
    async fn handle(&self, request: Request<Incoming>) -> Result<Response<Body>, DropConnection> {
        let path = request.uri().path();
        if path == "/__sandbox" || path.starts_with(control::PREFIX) {
            self.handle_control(request).await
        } else {
            self.handle_api(request).await
        }
    }

    async fn handle_control(
        &self,
        request: Request<Incoming>,
    ) -> Result<Response<Body>, DropConnection> {
        let (parts, body) = request.into_parts();
        let body = match read_body(body, MAX_CONTROL_BODY_BYTES).await? {
            ReadBody::Complete(bytes) => bytes,
            ReadBody::TooLarge => return Ok(respond::payload_too_large(MAX_CONTROL_BODY_BYTES)),
        };
        let request = Request::from_parts(parts, Body::from(body));
        let response = self
            .control
            .clone()
            .oneshot(request)
            .await
            .unwrap_or_else(|never| match never {});
        Ok(response)
    }

    async fn handle_api(
        &self,
        request: Request<Incoming>,
    ) -> Result<Response<Body>, DropConnection> {
        let method = request.method().as_str().to_owned();
        let raw_path = request
            .uri()
            .path_and_query()
            .map_or_else(|| request.uri().path(), |pq| pq.as_str())
            .to_owned();
        self.state.record_request(&method, &raw_path);
        let fault = self.state.take_fault(&method);

        let (parts, body) = request.into_parts();
        let body = read_body(body, MAX_BODY_BYTES).await?;
        if let Some(fault) = &fault
            && !fault.delay.is_zero()
        {
            tokio::time::sleep(fault.delay).await;
        }

        let mut response = match fault.as_ref().map(Fault::outcome) {
            Some(Outcome::Drop) => {
                log::debug!("sandbox: {method} {raw_path} -> dropped (fault)");
                return Err(DropConnection);
            }
            Some(Outcome::Replace(response)) => response,
            Some(Outcome::Normal) | None => {
                let mut response = self.execute(Request::from_parts(parts, ()), body).await;
                if let Some(fault) = &fault {
                    fault.decorate(&mut response);
                }
                response
            }
        };
        if let Ok(id) = HeaderValue::from_str(&new_request_id()) {
            response.headers_mut().insert(REQUEST_ID, id);
        }
        if fault.as_ref().is_some_and(Fault::closes_connection) {
            *response.version_mut() = Version::HTTP_10;
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        log::debug!(
            "sandbox: {method} {raw_path} -> {}{}",
            response.status().as_u16(),
            if fault.is_some() { " (fault)" } else { "" }
        );
        Ok(response)
    }

    /// Answers an API request normally: authentication, body limit, routing.
    async fn execute(&self, request: Request<()>, body: ReadBody) -> Response<Body> {
        let path = request.uri().path();
        let under_v2 = path == "/v2" || path.starts_with("/v2/");
        if under_v2
            && let Err(title) =
                api::authorize(request.headers(), &self.state.key_id, &self.state.secret)
        {
            return respond::error(StatusCode::UNAUTHORIZED, "unauthorized", &title);
        }
        let body = match body {
            ReadBody::Complete(bytes) => bytes,
            ReadBody::TooLarge => return respond::payload_too_large(MAX_BODY_BYTES),
        };
        let (parts, ()) = request.into_parts();
        self.api
            .clone()
            .oneshot(Request::from_parts(parts, Body::from(body)))
            .await
            .unwrap_or_else(|never| match never {})
    }
}

/// Reads a request body, keeping at most `limit` bytes. A longer body is
/// still read (up to [`MAX_DRAINED_BYTES`]) so the client can finish
/// sending before it is told 413. A failing body drops the connection.
async fn read_body(mut body: Incoming, limit: usize) -> Result<ReadBody, DropConnection> {
    let mut kept = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            log::debug!("sandbox: reading a request body failed: {e}");
            DropConnection
        })?;
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total <= limit {
                kept.extend_from_slice(&data);
            } else if total > MAX_DRAINED_BYTES {
                return Ok(ReadBody::TooLarge);
            }
        }
    }
    Ok(if total > limit {
        ReadBody::TooLarge
    } else {
        ReadBody::Complete(Bytes::from(kept))
    })
}
