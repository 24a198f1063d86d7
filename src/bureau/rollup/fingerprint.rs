//! What §6's comparison needs of an assessment, small enough to hold for every site of a
//! district while it waits for the site's other mode: a fingerprint per answered item, and
//! the agreement of two fingerprints.

use serde_json::Value;

use crate::document::Assessment;
use crate::evaluate::Evaluation;
use crate::template::{Kind, Template};

use super::doc::share;

/// An assessment's valid answers reduced to what §6's comparison reads: per applicable
/// answered item, its index, a hash of its canonical answer and whether it passed or
/// failed. About 8 bytes an item, so waiting for a site's other mode costs little memory.
#[derive(Debug, Default, Clone)]
pub struct Fingerprint(Box<[u64]>);

const PASS: u64 = 1;
const FAIL: u64 = 2;

impl Fingerprint {
    pub(super) fn of(t: &Template, a: &Assessment, s: &Evaluation) -> Fingerprint {
        let mut out = Vec::with_capacity(a.answers.len());
        // Answers and the template's ids side by side, both in byte order of the ids.
        let mut ids = t.by_id.iter().peekable();
        for (key, v) in &a.answers {
            while ids
                .next_if(|&&i| t.items[i].id.as_str() < key.as_str())
                .is_some()
            {}
            let Some(&&i) = ids.peek().filter(|&&&i| t.items[i].id == *key) else {
                continue;
            };
            let it = &t.items[i];
            if matches!(it.kind, Kind::Computed { .. }) || !(s.applicable[i] && s.answered[i]) {
                continue;
            }
            let outcome = match s.choice(i) {
                Some(x) if it.passes(x) => PASS,
                Some(x) if it.fails(x) => FAIL,
                _ => 0,
            };
            // Strings, most answers, hash as they are; the rest in canonical form.
            let h = match v {
                Value::String(x) => fnv32(x.as_bytes()),
                other => fnv32(crate::report::canonical::canonical(other).as_bytes()) ^ 1,
            };
            out.push(((i as u64) << 34) | (u64::from(h) << 2) | outcome);
        }
        // In item order, for the merge in `agreement`.
        out.sort_unstable();
        Fingerprint(out.into_boxed_slice())
    }

    fn entries(&self) -> impl Iterator<Item = (usize, u32, u64)> + '_ {
        self.0
            .iter()
            .map(|&x| ((x >> 34) as usize, ((x >> 2) & 0xffff_ffff) as u32, x & 3))
    }
}

/// FNV-1a, 32 bits: answers that hash alike but differ are vanishingly rare among one
/// item's few distinct answers, and the roll-up's agreement is a district statistic.
fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// §6's agreement and disputed items from two fingerprints (a: self-check, b: inspection).
pub(super) fn agreement(t: &Template, a: &Fingerprint, b: &Fingerprint) -> (Value, Vec<String>) {
    let (mut both, mut agreeing) = (0u64, 0u64);
    let mut disputed = Vec::new();
    let (mut x, mut y) = (a.entries().peekable(), b.entries().peekable());
    while let (Some(&(i, ha, oa)), Some(&(j, hb, ob))) = (x.peek(), y.peek()) {
        match i.cmp(&j) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => {
                both += 1;
                agreeing += u64::from(ha == hb);
                if oa == PASS && ob == FAIL {
                    disputed.push(t.items[i].id.clone());
                }
                x.next();
                y.next();
            }
        }
    }
    (share(agreeing, both), disputed)
}
