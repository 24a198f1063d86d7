//! The district's roster (§9, 1.2): the sites that should have submitted, with their
//! attributes (片区, 学段, 办学性质, …), read from a CSV file or a workbook's first sheet.
//! Joined to a roll-up it names the sites that are missing, gives each site row its
//! attributes, and groups the sites by an attribute.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::rollup::{RollupDoc, Verdicts};

/// The column names a roster's code and name may have.
const CODE: &[&str] = &["code", "site_code", "代码", "编号", "单位代码", "学校代码"];
const NAME: &[&str] = &["name", "site_name", "名称", "单位名称", "学校名称", "学校"];

#[derive(Debug, Clone)]
pub struct Roster {
    /// The attribute columns, in the file's order.
    pub columns: Vec<String>,
    pub sites: Vec<Site>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub code: String,
    pub name: String,
    pub attributes: BTreeMap<String, String>,
}

/// One group of `--group-by`: the sites whose attribute `column` is `value`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub column: String,
    pub value: String,
    /// Assessments of the group's sites.
    pub count: usize,
    pub verdicts: Verdicts,
    pub mean_score: Value,
    /// The group's roster sites with no assessment.
    pub missing: usize,
}

/// Reads a roster: a header row naming `code` and `name` (or 代码/编号, 名称/单位名称) and any
/// attribute columns, then a row per site. Blank rows are skipped; a repeated code is an
/// error naming both rows.
pub fn read(path: &Path) -> Result<Roster, String> {
    let rows = super::sheet::read::first_table(path)?;
    from_rows(rows, &path.display().to_string())
}

/// A roster from rows of text (`what` names the source in messages).
pub fn from_rows(rows: Vec<Vec<String>>, what: &str) -> Result<Roster, String> {
    let at = |r: usize| format!("{what} row {}", r + 1);
    let Some(h) = rows.iter().position(|r| r.iter().any(|c| !c.is_empty())) else {
        return Err(format!(
            "{what} is empty: a roster needs a header row with code and name"
        ));
    };
    let head = &rows[h];
    let find = |names: &[&str]| {
        head.iter()
            .position(|c| names.iter().any(|n| c.eq_ignore_ascii_case(n)))
    };
    let code = find(CODE).ok_or_else(|| {
        format!(
            "{}: no `code` column (or 代码, 编号, 单位代码) in the header",
            at(h)
        )
    })?;
    let name = find(NAME);
    let columns: Vec<(usize, String)> = head
        .iter()
        .enumerate()
        .filter(|(k, c)| *k != code && Some(*k) != name && !c.is_empty())
        .map(|(k, c)| (k, c.clone()))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut sites = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(h + 1) {
        let cell = |k: usize| row.get(k).map(|c| c.trim().to_string()).unwrap_or_default();
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let c = cell(code);
        if c.is_empty() {
            return Err(format!("{}: a site without a code", at(r)));
        }
        if let Some(first) = seen.insert(c.clone(), r) {
            return Err(format!(
                "{}: the code {} is also on row {}",
                at(r),
                crate::text::quote(&c),
                first + 1
            ));
        }
        sites.push(Site {
            code: c,
            name: name.map(cell).unwrap_or_default(),
            attributes: columns.iter().map(|(k, n)| (n.clone(), cell(*k))).collect(),
        });
    }
    Ok(Roster {
        columns: columns.into_iter().map(|(_, n)| n).collect(),
        sites,
    })
}

/// Joins a roll-up to a roster: each site row's attributes, the roster sites missing, and
/// the groups of each `--group-by` column (a site not on the roster groups under "").
pub fn apply(doc: &mut RollupDoc, roster: &Roster, group_by: &[String]) -> Result<(), String> {
    for g in group_by {
        if !roster.columns.contains(g) {
            return Err(format!(
                "--group-by {}: the roster has no such column (it has {})",
                crate::text::quote(g),
                roster.columns.join(", ")
            ));
        }
    }
    let by_code: HashMap<&str, &Site> = roster.sites.iter().map(|s| (s.code.as_str(), s)).collect();
    for row in &mut doc.sites {
        let attrs = row
            .site_code
            .as_deref()
            .and_then(|c| by_code.get(c))
            .map(|s| s.attributes.clone());
        row.attributes = Some(attrs.unwrap_or_default());
    }
    let submitted: std::collections::HashSet<&str> = doc
        .sites
        .iter()
        .filter_map(|r| r.site_code.as_deref())
        .collect();
    let missing: Vec<Site> = roster
        .sites
        .iter()
        .filter(|s| !submitted.contains(s.code.as_str()))
        .cloned()
        .collect();
    let mut groups = Vec::new();
    for column in group_by {
        let mut values: Vec<String> = roster
            .sites
            .iter()
            .map(|s| s.attributes.get(column).cloned().unwrap_or_default())
            .collect();
        for row in &doc.sites {
            values.push(value_of(row.attributes.as_ref(), column));
        }
        values.sort();
        values.dedup();
        for value in values {
            groups.push(group(doc, &missing, column, value));
        }
    }
    doc.missing = Some(missing);
    if !group_by.is_empty() {
        doc.groups = Some(groups);
    }
    Ok(())
}

fn value_of(attrs: Option<&BTreeMap<String, String>>, column: &str) -> String {
    attrs
        .and_then(|a| a.get(column))
        .cloned()
        .unwrap_or_default()
}

fn group(doc: &RollupDoc, missing: &[Site], column: &str, value: String) -> Group {
    use crate::report::Verdict;
    let mut verdicts = Verdicts::default();
    let (mut count, mut sum, mut scored) = (0, 0i64, 0i64);
    for row in doc
        .sites
        .iter()
        .filter(|r| value_of(r.attributes.as_ref(), column) == value)
    {
        count += 1;
        match row.verdict {
            Verdict::Ready => verdicts.ready += 1,
            Verdict::Conditional => verdicts.conditional += 1,
            Verdict::NotReady => verdicts.not_ready += 1,
            Verdict::Incomplete => verdicts.incomplete += 1,
        }
        // Shown scores summed in tenths: the mean does not depend on the order.
        if let Some(x) = row.score.as_f64() {
            sum += (x * 10.0).round() as i64;
            scored += 1;
        }
    }
    let mean_score = if scored == 0 {
        Value::Null
    } else {
        crate::text::number::json_score(Some(crate::text::number::round_half_away(
            sum as f64 / 10.0 / scored as f64,
            1,
        )))
    };
    Group {
        column: column.to_string(),
        missing: missing
            .iter()
            .filter(|s| s.attributes.get(column).cloned().unwrap_or_default() == value)
            .count(),
        value,
        count,
        verdicts,
        mean_score,
    }
}
