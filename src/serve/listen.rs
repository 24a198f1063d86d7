//! The collect service's listening socket: its own accept loop on hyper's HTTP/1 connection
//! builder (axum::serve sets no header-read timeout and no connection cap), bounding the
//! connections served at once and the time a connection may take to send its headers.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;

use super::App;

/// The most connections served at once; one more is closed at once, so idle sockets
/// cannot lock everyone out of the file descriptors.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a connection may take to send a request's headers (or stay idle between
/// requests) before it is closed.
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves until the process is stopped. Without a token the address must be loopback.
pub fn run(addr: SocketAddr, app: App, www: Option<std::path::PathBuf>) -> Result<(), String> {
    let accounts = app.store.accounts().map_err(|e| e.message)?;
    let open = app.token.is_none() && accounts.iter().all(|a| a.revoked_at.is_some());
    if open && !addr.ip().is_loopback() {
        return Err(format!(
            "without accounts or --token-file the service binds to loopback only, not {addr}: add an account (readycheck accounts add) or give a token file to serve a network"
        ));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        // Not `eprintln!`: a closed standard error must not stop the service.
        let _ = writeln!(
            std::io::stderr(),
            "readycheck serve: listening on http://{bound}/"
        );
        let www = www.map(|dir| {
            let (www, warning) = super::files::Www::new(dir);
            if let Some(w) = warning {
                let _ = writeln!(std::io::stderr(), "{w}");
            }
            www
        });
        let router = super::http::router(Arc::new(app), www.as_ref());
        accept_loop(listener, router).await;
        Ok(())
    })
}

/// Accepts connections until Ctrl-C: at most [`MAX_CONNECTIONS`] at once (one more is
/// closed at once), each closed when its headers take longer than [`HEADER_TIMEOUT`].
async fn accept_loop(listener: tokio::net::TcpListener, router: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let (stream, _) = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors, say: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop(permit);
        });
    }
}
