//! Reading a roll-up's inputs and scoring them on every core: files, directories (every
//! `*.json` under them, in path order), `.ndjson`/`.jsonl` files and `-` (standard input)
//! one entry per line. Entries stream through a bounded queue, so memory holds a few
//! batches of text at a time, never the whole input.

use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::rollup::{score_entry, Entry, Options, Plan, Rollup, RollupDoc};

/// One entry's text and where it came from (`path`, or `path:LINE` for a line).
struct Job {
    seq: u64,
    input: String,
    /// The text, or why it could not be read.
    text: Result<String, String>,
}

const BATCH: usize = 64;

/// Scores every entry of `inputs` with `threads` workers and folds them into a roll-up.
/// `stdin` is read for `-`. Progress goes to standard error when it is a terminal and the
/// run takes more than a second.
pub fn rollup(
    plan: &Plan,
    opts: &Options,
    inputs: &[String],
    stdin: impl Read + Send,
    threads: usize,
) -> RollupDoc {
    let threads = threads.max(1);
    let (job_tx, job_rx) = sync_channel::<Vec<Job>>(threads * 4);
    let (out_tx, out_rx) = sync_channel::<Vec<(u64, Entry)>>(threads * 4);
    let job_rx = Arc::new(Mutex::new(job_rx));
    std::thread::scope(|scope| {
        scope.spawn(move || read_all(inputs, stdin, job_tx));
        for _ in 0..threads {
            let (rx, tx) = (Arc::clone(&job_rx), out_tx.clone());
            scope.spawn(move || work(plan, opts, &rx, &tx));
        }
        drop(out_tx);
        let mut r = Rollup::new(plan.t, &opts.locale);
        let mut progress = Progress::new();
        for batch in out_rx {
            progress.tick(batch.len());
            for (seq, e) in batch {
                r.add(seq, e);
            }
        }
        progress.done();
        r.finish()
    })
}

fn work(
    plan: &Plan,
    opts: &Options,
    rx: &Mutex<Receiver<Vec<Job>>>,
    tx: &SyncSender<Vec<(u64, Entry)>>,
) {
    loop {
        // The lock is held only to take a batch, not while scoring it.
        let batch = match rx.lock() {
            Ok(r) => r.recv(),
            Err(_) => return,
        };
        let Ok(batch) = batch else { return };
        let out = batch
            .into_iter()
            .map(|j| {
                let e = match j.text {
                    Ok(text) => score_entry(plan, opts, j.input, &text),
                    Err(reason) => Entry::Rejected {
                        input: j.input,
                        reason,
                    },
                };
                (j.seq, e)
            })
            .collect();
        if tx.send(out).is_err() {
            return;
        }
    }
}

/// Sends every entry of the inputs, in order, in batches.
fn read_all(inputs: &[String], stdin: impl Read, tx: SyncSender<Vec<Job>>) {
    let mut feed = Feed {
        tx,
        batch: Vec::with_capacity(BATCH),
        seq: 0,
    };
    let mut stdin = Some(stdin);
    for input in inputs {
        if input == "-" {
            match stdin.take() {
                Some(s) => feed.lines("-", BufReader::new(s)),
                None => feed.push("-".into(), Err("standard input named twice".into())),
            }
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = json_files(path, &mut files) {
                feed.push(
                    input.clone(),
                    Err(format!("cannot read the directory: {e}")),
                );
            }
            files.sort();
            for f in files {
                feed.file(&f);
            }
        } else {
            feed.file(path);
        }
    }
    feed.flush();
}

struct Feed {
    tx: SyncSender<Vec<Job>>,
    batch: Vec<Job>,
    seq: u64,
}

impl Feed {
    fn push(&mut self, input: String, text: Result<String, String>) {
        self.batch.push(Job {
            seq: self.seq,
            input,
            text,
        });
        self.seq += 1;
        if self.batch.len() >= BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let b = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            let _ = self.tx.send(b);
        }
    }

    fn file(&mut self, path: &Path) {
        let name = path.display().to_string();
        // A FIFO or a device named on the command line would block the read forever.
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return self.push(name, Err("not a regular file".into())),
            Err(e) => return self.push(name, Err(format!("cannot read: {e}"))),
        }
        let lines = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("ndjson" | "jsonl")
        );
        if lines {
            match std::fs::File::open(path) {
                Ok(f) => self.lines(&name, BufReader::new(f)),
                Err(e) => self.push(name, Err(format!("cannot read: {e}"))),
            }
        } else {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"));
            self.push(name, text);
        }
    }

    /// One entry per non-blank line.
    fn lines(&mut self, name: &str, mut r: impl BufRead) {
        let mut buf = Vec::new();
        let mut n = 0u64;
        loop {
            buf.clear();
            n += 1;
            match r.read_until(b'\n', &mut buf) {
                Ok(0) => return,
                Ok(_) => {}
                Err(e) => {
                    self.push(format!("{name}:{n}"), Err(format!("cannot read: {e}")));
                    return;
                }
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = String::from_utf8(std::mem::take(&mut buf))
                .map_err(|_| "not UTF-8 text".to_string());
            self.push(format!("{name}:{n}"), text);
        }
    }
}

/// Every `*.json`, `*.ndjson` and `*.jsonl` regular file under `dir`. Symbolic links are
/// not followed (two links to an ancestor would make the walk exponential), and what is
/// not a regular file (a FIFO would hang the read) is passed over.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let (p, ty) = (e.path(), e.file_type()?);
        if ty.is_dir() {
            json_files(&p, out)?;
        } else if ty.is_file()
            && matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "ndjson" | "jsonl")
            )
        {
            out.push(p);
        }
    }
    Ok(())
}

/// `scored N (R/s)` on standard error, rewritten in place, when it is a terminal.
struct Progress {
    on: bool,
    start: Instant,
    last: Instant,
    n: usize,
    shown: bool,
}

impl Progress {
    fn new() -> Progress {
        let now = Instant::now();
        Progress {
            on: std::io::stderr().is_terminal(),
            start: now,
            last: now,
            n: 0,
            shown: false,
        }
    }

    fn tick(&mut self, k: usize) {
        self.n += k;
        if !self.on || self.last.elapsed() < Duration::from_millis(250) {
            return;
        }
        let secs = self.start.elapsed().as_secs_f64();
        if secs < 1.0 {
            return;
        }
        self.last = Instant::now();
        self.shown = true;
        let _ = write!(
            std::io::stderr(),
            "\rreadycheck rollup: {} entries, {:.0}/s ",
            self.n,
            self.n as f64 / secs
        );
    }

    fn done(&self) {
        if self.shown {
            let _ = writeln!(std::io::stderr());
        }
    }
}
