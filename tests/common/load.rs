//! A load generator for the collect service, used by the fault test (tests/serve_storage.rs)
//! and the storage benchmark: many client threads each sending its share of submissions,
//! every one with its own `Idempotency-Key` and a photo and signature of its own, to the
//! service processes in turn, retrying on a dropped connection or a 5xx as the element's
//! outbox would, each request bounded in time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use super::service::{assessment, multipart, sha, BOUNDARY};

/// What a run gave: each successful request's latency, the retries, any refusal.
#[derive(Default)]
pub struct Outcome {
    pub latencies: Vec<Duration>,
    pub retries: usize,
    pub refused: Vec<String>,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn percentile(&self, p: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort();
        l.get(((l.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or_default()
    }
}

/// The body and key of submission `k`: site `L-k`, a photo and a signature unique to it.
pub fn submission(k: usize) -> (String, Vec<u8>, [String; 2]) {
    let photo = [b"\xff\xd8\xff".as_slice(), format!("photo {k}").as_bytes()].concat();
    let sig = [
        b"\x89PNG\r\n\x1a\n".as_slice(),
        format!("signature {k}").as_bytes(),
    ]
    .concat();
    let a = assessment(&format!("L-{k}"), &photo, &sig);
    (
        format!("load-{k}"),
        multipart(&a, None, &[&photo, &sig]),
        [sha(&photo), sha(&sig)],
    )
}

/// One POST; `None` when the connection failed or timed out.
fn try_post(port: u16, body: &[u8], key: &str) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(30))).ok()?;
    let head = format!(
        "POST /api/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nIdempotency-Key: {key}\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).ok()?;
    s.write_all(body).ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let line = String::from_utf8_lossy(&raw[..raw.len().min(32)]).into_owned();
    line.split(' ').nth(1)?.parse().ok()
}

/// Sends submissions `0..n` from `clients` threads; client `c` sends `c, c + clients, …`,
/// each to the ports in turn (the list may change while it runs: a restarted process has
/// a new port). A submission is retried until a 2xx or `patience` runs out.
pub fn send_all(
    ports: Arc<RwLock<Vec<u16>>>,
    clients: usize,
    n: usize,
    patience: Duration,
) -> Outcome {
    let out = Arc::new(Mutex::new(Outcome::default()));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (ports, out) = (ports.clone(), out.clone());
            std::thread::spawn(move || {
                let mut turn = c;
                for k in (c..n).step_by(clients) {
                    let (key, body, _) = submission(k);
                    let since = Instant::now();
                    loop {
                        let port = {
                            let p = ports.read().unwrap();
                            p[turn % p.len()]
                        };
                        turn += 1;
                        let t = Instant::now();
                        match try_post(port, &body, &key) {
                            Some(s) if (200..300).contains(&s) => {
                                out.lock().unwrap().latencies.push(t.elapsed());
                                break;
                            }
                            Some(s) if (400..500).contains(&s) && s != 408 && s != 429 => {
                                out.lock().unwrap().refused.push(format!("{key}: {s}"));
                                break;
                            }
                            _ if since.elapsed() > patience => {
                                out.lock().unwrap().refused.push(format!("{key}: gave up"));
                                break;
                            }
                            _ => {
                                out.lock().unwrap().retries += 1;
                                std::thread::sleep(Duration::from_millis(50));
                            }
                        }
                    }
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    let mut o = std::mem::take(&mut *out.lock().unwrap());
    o.elapsed = start.elapsed();
    o
}
