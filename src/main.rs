//! The `readycheck` command line (§7.3): the same core as the wasm module, for servers
//! that re-score submitted assessments and reject tampered ones.

use std::io::Read;
use std::process::ExitCode;

use readycheck::{
    builtin, document::Assessment, evaluate, evaluate::compare, template, to_json, TemplateError,
};

const USAGE: &str = "usage:
  readycheck lint TEMPLATE
  readycheck score TEMPLATE ASSESSMENT [--locale L] [--as-of YYYY-MM-DD]
  readycheck compare TEMPLATE A B [--locale L] [--as-of YYYY-MM-DD]
  readycheck rollup TEMPLATE INPUT... [--format json|csv|html|xlsx] [-o OUT] [--as-of YYYY-MM-DD]
                    [--roster FILE [--group-by COLUMN]...] [--threads N]
  readycheck sheet import WORKBOOK [-o TEMPLATE.json]
  readycheck sheet export TEMPLATE -o WORKBOOK.xlsx|FOLDER
  readycheck serve [--addr 127.0.0.1:8080] [--db FILE|postgres://…] [--www DIR] [--token-file FILE]
                   [--limit BYTES]
  readycheck accounts add --db DB --role admin|inspector|site [--sites CODE,...]
                         [--scope KEY=VALUE] --name NAME
  readycheck accounts list --db DB
  readycheck accounts revoke NAME --db DB
  readycheck templates

TEMPLATE is a file path, builtin:<id>, or - for standard input.
A WORKBOOK is an .xlsx file or a folder of CSV files named after its sheets.
A roll-up INPUT is a file, a directory (every *.json under it) or - (one assessment
or {assessment, result} per line on standard input).";

/// Standard error, likewise: `readycheck … 2>&1 | head` closes it too, and `eprintln!`
/// would panic.
fn write_err(args: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = std::io::stderr().lock().write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

macro_rules! errln {
    ($($t:tt)*) => {{ write_err(format_args!($($t)*)); write_err(format_args!("\n")); }};
}

/// Standard output, and a quiet end when its reader has gone (`readycheck … | head`):
/// `print!` would panic on the broken pipe.
fn write_out(args: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        errln!("readycheck: cannot write the output: {e}");
        std::process::exit(2);
    }
}

macro_rules! out {
    ($($t:tt)*) => { write_out(format_args!($($t)*)) };
}

macro_rules! outln {
    ($($t:tt)*) => {{ write_out(format_args!($($t)*)); write_out(format_args!("\n")); }};
}

const WRONG_ARGUMENTS: &str = "wrong arguments";

/// Reads a file, `-` (standard input) or `builtin:<id>`.
fn read_source(path: &str) -> Result<String, String> {
    if path.starts_with("builtin:") {
        return readycheck::builtin_text(path)
            .map(str::to_owned)
            .map_err(|e| e.message);
    }
    if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn load_template(path: &str) -> Result<readycheck::Template, String> {
    let text = read_source(path)?;
    template::load(&text).map_err(|e: TemplateError| format!("{path}: {}", e.message))
}

fn load_assessment(path: &str, t: &readycheck::Template) -> Result<Assessment, String> {
    let text = read_source(path)?;
    let a = Assessment::parse(&text).map_err(|e| format!("{path}: {}", e.message))?;
    readycheck::check_pairing(t, &a).map_err(|e| format!("{path}: {}", e.message))?;
    Ok(a)
}

/// Splits `--NAME VALUE` (or `--NAME=VALUE`) out of the arguments; the last one wins.
fn take_option(
    args: &mut Vec<String>,
    name: &str,
    example: &str,
) -> Result<Option<String>, String> {
    // One-letter options take one dash (`-o`), the others two.
    let flag = if name.len() == 1 {
        format!("-{name}")
    } else {
        format!("--{name}")
    };
    let prefix = format!("{flag}=");
    let mut value = None;
    let mut i = 0;
    while i < args.len() {
        if let Some(v) = args[i].strip_prefix(&prefix) {
            value = Some(v.to_string());
            args.remove(i);
        } else if args[i] == flag {
            if i + 1 >= args.len() {
                return Err(format!("{flag} needs a value, e.g. {flag} {example}"));
            }
            value = Some(args.remove(i + 1));
            args.remove(i);
        } else {
            i += 1;
        }
    }
    Ok(value)
}

/// Splits the first `--NAME VALUE` out of the arguments (for options given more than once).
fn take_first(args: &mut Vec<String>, name: &str, example: &str) -> Result<Option<String>, String> {
    let flag = format!("--{name}");
    let prefix = format!("{flag}=");
    for i in 0..args.len() {
        if let Some(v) = args[i].strip_prefix(&prefix) {
            let v = v.to_string();
            args.remove(i);
            return Ok(Some(v));
        }
        if args[i] == flag {
            if i + 1 >= args.len() {
                return Err(format!("{flag} needs a value, e.g. {flag} {example}"));
            }
            let v = args.remove(i + 1);
            args.remove(i);
            return Ok(Some(v));
        }
    }
    Ok(None)
}

fn take_as_of(args: &mut Vec<String>) -> Result<Option<chrono::NaiveDate>, String> {
    match take_option(args, "as-of", "2026-08-25")? {
        None => Ok(None),
        Some(s) => readycheck::text::date::parse(&s).map(Some).ok_or_else(|| {
            format!(
                "--as-of {} is not a YYYY-MM-DD date",
                readycheck::text::quote(&s)
            )
        }),
    }
}

fn run(mut args: Vec<String>) -> Result<ExitCode, String> {
    let locale = take_option(&mut args, "locale", "en")?
        .unwrap_or_else(|| readycheck::text::locale::DEFAULT_LOCALE.to_string());
    let as_of = take_as_of(&mut args)?;
    let format = take_option(&mut args, "format", "html")?;
    let threads = take_option(&mut args, "threads", "2")?;
    let roster = take_option(&mut args, "roster", "roster.csv")?;
    let mut group_by = Vec::new();
    while let Some(g) = take_first(&mut args, "group-by", "片区")? {
        group_by.push(g);
    }
    let output = take_option(&mut args, "output", "rollup.html")?.or(take_option(
        &mut args,
        "o",
        "rollup.html",
    )?);
    let load_assessment = |path: &str, t: &readycheck::Template| {
        let mut a = load_assessment(path, t)?;
        if let Some(day) = as_of {
            a.set_as_of(day);
        }
        Ok::<_, String>(a)
    };
    let cmd = args.first().map(String::as_str);
    match (cmd, args.len()) {
        (Some("lint"), 2) => {
            // Whatever keeps the template from loading is a lint error (exit 1), an
            // unreadable file included: `lint` answers "does it load?" in its own format.
            let text = match read_source(&args[1]) {
                Ok(t) => t,
                Err(msg) => {
                    outln!("error / io {}", readycheck::text::one_line(&msg));
                    return Ok(ExitCode::from(1));
                }
            };
            let problems = template::lint(&text);
            for p in &problems {
                outln!("{p}");
            }
            let errors = problems
                .iter()
                .any(|p| p.severity == readycheck::Severity::Error);
            Ok(ExitCode::from(u8::from(errors)))
        }
        (Some("score"), 3) => {
            let t = load_template(&args[1])?;
            let a = load_assessment(&args[2], &t)?;
            out!("{}", to_json(&evaluate::evaluate(&t, &a, &locale, today())));
            Ok(ExitCode::SUCCESS)
        }
        (Some("compare"), 4) => {
            let t = load_template(&args[1])?;
            let a = load_assessment(&args[2], &t)?;
            let b = load_assessment(&args[3], &t)?;
            out!(
                "{}",
                to_json(&compare::compare(&t, &a, &b, &locale, today()))
            );
            Ok(ExitCode::SUCCESS)
        }
        (Some("rollup"), n) if n >= 3 => rollup(
            &args[1],
            &args[2..],
            &locale,
            as_of,
            RollupFlags {
                format,
                output,
                threads,
                roster,
                group_by,
            },
        ),
        (Some("sheet"), 3) if args[1] == "import" => sheet_import(&args[2], output),
        (Some("sheet"), 3) if args[1] == "export" => sheet_export(&args[2], output),
        (Some("serve"), _) => serve(&mut args),
        (Some("accounts"), _) => accounts(&mut args),
        (Some("templates"), 1) => {
            for b in builtin::INDEX {
                outln!("{}\t{}\t{}", b.id, b.version, b.title(&locale));
            }
            Ok(ExitCode::SUCCESS)
        }
        (Some("--help" | "-h" | "help"), _) => {
            outln!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        (Some("--version" | "-V"), _) => {
            outln!("readycheck {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(WRONG_ARGUMENTS.into()),
    }
}

/// `readycheck sheet import`: a workbook to template JSON; problems by cell on stderr.
fn sheet_import(path: &str, output: Option<String>) -> Result<ExitCode, String> {
    use readycheck::bureau::sheet::{import, read};
    let wb = read::read(std::path::Path::new(path))?;
    let imported = import::import(&wb);
    for n in &imported.notes {
        errln!("{n}");
    }
    for p in &imported.problems {
        errln!("{p}");
    }
    let Some(t) = imported.template else {
        return Ok(ExitCode::from(1));
    };
    let text = to_json(&t);
    match output {
        Some(out) => std::fs::write(&out, text).map_err(|e| format!("cannot write {out}: {e}"))?,
        None => out!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `readycheck sheet export`: a template (that loads) to a workbook.
fn sheet_export(template: &str, output: Option<String>) -> Result<ExitCode, String> {
    use readycheck::bureau::sheet::{book, export};
    let out = output.ok_or("sheet export needs -o FILE.xlsx (or -o FOLDER for CSV files)")?;
    let t = load_template(template)?;
    book::write(&export::export(&t.json), std::path::Path::new(&out))?;
    Ok(ExitCode::SUCCESS)
}

/// `readycheck serve` (§10): the collect service, until stopped.
fn serve(args: &mut Vec<String>) -> Result<ExitCode, String> {
    use readycheck::serve;
    let addr =
        take_option(args, "addr", "127.0.0.1:8080")?.unwrap_or_else(|| "127.0.0.1:8080".into());
    let addr: std::net::SocketAddr = addr.parse().map_err(|_| {
        format!(
            "--addr {} is not HOST:PORT such as 127.0.0.1:8080",
            readycheck::text::quote(&addr)
        )
    })?;
    let db =
        take_option(args, "db", "readycheck.sqlite")?.unwrap_or_else(|| "readycheck.sqlite".into());
    let www = take_option(args, "www", "www")?.map(std::path::PathBuf::from);
    if let Some(w) = &www {
        if !w.is_dir() {
            return Err(format!("--www {} is not a folder", w.display()));
        }
    }
    let token = match take_option(args, "token-file", "token.txt")? {
        None => None,
        Some(f) => {
            let t = std::fs::read_to_string(&f).map_err(|e| format!("cannot read {f}: {e}"))?;
            let t = t.trim().to_string();
            if t.len() < 16 {
                return Err(format!("the token in {f} is shorter than 16 characters"));
            }
            Some(t)
        }
    };
    let limit = match take_option(args, "limit", "26214400")? {
        None => serve::DEFAULT_LIMIT,
        Some(l) => l.parse().map_err(|_| {
            format!(
                "--limit {} is not a number of bytes",
                readycheck::text::quote(&l)
            )
        })?,
    };
    if args.len() != 1 {
        return Err(format!(
            "serve takes no argument {}",
            readycheck::text::quote(&args[1])
        ));
    }
    let store = serve::store::Store::open(&db)
        .map_err(|e| format!("cannot open the database {}: {e}", without_password(&db)))?;
    serve::listen::run(addr, serve::App::new(store, token, limit), www)?;
    Ok(ExitCode::SUCCESS)
}

/// `readycheck accounts add|list|revoke` (§10.1): the accounts of a collect service's
/// database. `add` prints the new token once, alone on the last line of standard output.
fn accounts(args: &mut Vec<String>) -> Result<ExitCode, String> {
    use readycheck::serve::{access, store::Store};
    let db = take_option(args, "db", "readycheck.sqlite")?
        .ok_or("accounts needs --db FILE (or a postgres:// URL): the service's database")?;
    let store = Store::open(&db)
        .map_err(|e| format!("cannot open the database {}: {e}", without_password(&db)))?;
    let now = readycheck::serve::now();
    let role = take_option(args, "role", "inspector")?;
    let name = take_option(args, "name", "城关督查组")?;
    let sites: Vec<String> = take_option(args, "sites", "CG-01,CG-02")?
        .map(|s| {
            s.split(',')
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut scope = Vec::new();
    while let Some(kv) = take_first(args, "scope", "片区=城关")? {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| format!("--scope {} is not KEY=VALUE", readycheck::text::quote(&kv)))?;
        scope.push((k.trim().to_string(), v.trim().to_string()));
    }
    match args.get(1).map(String::as_str) {
        Some("add") if args.len() == 2 => {
            let role = role.ok_or("accounts add needs --role admin, inspector or site")?;
            let name = name.ok_or("accounts add needs --name NAME")?;
            let token = access::add(&store, &name, &role, sites, scope, &now)?;
            errln!(
                "readycheck accounts: {role} account {} added; its token is shown once:",
                readycheck::text::quote(&name)
            );
            outln!("{token}");
        }
        Some("list") if args.len() == 2 => {
            let list = store.accounts().map_err(|e| e.message)?;
            outln!("{}", readycheck::to_json(&list));
        }
        Some("revoke") if args.len() == 3 => {
            let name = args[2].clone();
            if !store.revoke_account(&name, &now).map_err(|e| e.message)? {
                return Err(format!(
                    "no active account named {}",
                    readycheck::text::quote(&name)
                ));
            }
            store
                .audit(&now, "cli", "account revoke", &name)
                .map_err(|e| e.message)?;
            errln!(
                "readycheck accounts: {} revoked",
                readycheck::text::quote(&name)
            );
        }
        _ => return Err(WRONG_ARGUMENTS.into()),
    }
    Ok(ExitCode::SUCCESS)
}

/// A database URL as a message may show it: `postgres://user:secret@host/db` loses the secret.
fn without_password(db: &str) -> String {
    match (db.find("://"), db.find('@')) {
        (Some(scheme), Some(at)) if scheme < at => match db[scheme + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:…{}", &db[..scheme + 3], &db[at..]),
            None => db.to_string(),
        },
        _ => db.to_string(),
    }
}

/// The roll-up's own options, as given.
struct RollupFlags {
    format: Option<String>,
    output: Option<String>,
    threads: Option<String>,
    roster: Option<String>,
    group_by: Vec<String>,
}

/// `readycheck rollup`: scores every input and prints the roll-up (§9).
fn rollup(
    template: &str,
    inputs: &[String],
    locale: &str,
    as_of: Option<chrono::NaiveDate>,
    flags: RollupFlags,
) -> Result<ExitCode, String> {
    let RollupFlags {
        format,
        output,
        threads,
        roster,
        group_by,
    } = flags;
    use readycheck::bureau::{html, input, rollup, workbook};
    let format = format.unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "csv" | "html" | "xlsx") {
        return Err(format!(
            "--format {} is not json, csv, html or xlsx",
            readycheck::text::quote(&format)
        ));
    }
    if format == "xlsx" && output.is_none() {
        return Err("--format xlsx writes a workbook: give it a file with -o rollup.xlsx".into());
    }
    // The roster is read (and the groups checked against its columns) before any scoring.
    let roster = match roster {
        Some(path) => Some(readycheck::bureau::roster::read(std::path::Path::new(
            &path,
        ))?),
        None if !group_by.is_empty() => {
            return Err("--group-by groups the sites by a roster column: give --roster FILE".into())
        }
        None => None,
    };
    let t = load_template(template)?;
    let plan = rollup::Plan::new(&t);
    let opts = rollup::Options {
        locale: locale.to_string(),
        today: today(),
        as_of,
    };
    let threads = match threads {
        Some(n) => n.parse::<usize>().ok().filter(|&n| n > 0).ok_or_else(|| {
            format!(
                "--threads {} is not a positive whole number",
                readycheck::text::quote(&n)
            )
        })?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let mut doc = input::rollup(&plan, &opts, inputs, std::io::stdin(), threads);
    if let Some(r) = &roster {
        readycheck::bureau::roster::apply(&mut doc, r, &group_by)?;
    }
    let title = t.title.get(locale, &t.default_locale);
    if format == "xlsx" {
        let path = output.unwrap_or_default();
        workbook::write(&doc, title, locale, std::path::Path::new(&path))?;
        return summary(&doc);
    }
    let text = match format.as_str() {
        "csv" => rollup::sites_csv(&doc),
        "html" => html::render(&doc, title, locale),
        _ => to_json(&doc),
    };
    match output {
        Some(path) => {
            std::fs::write(&path, text).map_err(|e| format!("cannot write {path}: {e}"))?
        }
        None => out!("{text}"),
    }
    summary(&doc)
}

/// The roll-up's one line on standard error.
fn summary(doc: &readycheck::bureau::rollup::RollupDoc) -> Result<ExitCode, String> {
    errln!(
        "readycheck rollup: {} scored, {} rejected, {} tampered{}",
        doc.count,
        doc.rejected.len(),
        doc.sites.iter().filter(|s| s.tampered).count(),
        doc.missing
            .as_ref()
            .map(|m| format!(", {} missing", m.len()))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args) {
        Ok(code) => code,
        Err(msg) => {
            // One line for the reason (the usage text follows only for wrong arguments).
            // Escaped to one line, so a hostile id cannot forge another line.
            errln!("readycheck: {}", readycheck::text::one_line(&msg));
            if msg == WRONG_ARGUMENTS {
                errln!("{USAGE}");
            }
            ExitCode::from(2)
        }
    }
}
