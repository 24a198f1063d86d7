//! Where a draft lives: one key per template, mode and site (SPEC §8), `storage-key` when
//! the page names one, and the note of which draft was open, read back on a reload.

/// The site code of a draft whose site is not named yet.
pub const NO_SITE: &str = "_";

/// What names a draft: the page's `storage-key` (wins), else the template, the mode and the
/// site code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub storage_key: Option<String>,
    pub template: String,
    pub mode: String,
    pub site: Option<String>,
    /// The mode the page started the element in (its `mode` attribute): two elements on one
    /// page, one per mode, each remember their own open draft.
    pub start_mode: String,
}

impl Place {
    /// The storage key: `storage-key`, else `readycheck:<template>:<mode>:<site code>`.
    pub fn key(&self) -> String {
        match &self.storage_key {
            Some(k) => k.clone(),
            None => derived(&self.template, &self.mode, self.site.as_deref()),
        }
    }

    /// Where versions before the field kit saved this draft (template and site only).
    pub fn legacy_key(&self) -> Option<String> {
        if self.storage_key.is_some() {
            return None;
        }
        let site = self.site.as_deref().filter(|s| !s.is_empty());
        Some(format!(
            "readycheck:{}:{}",
            self.template,
            site.unwrap_or("draft")
        ))
    }

    /// The key under which the key of the open draft is noted, so a reload opens it again;
    /// none with `storage-key` (the page decides then).
    pub fn open_note(&self) -> Option<String> {
        self.storage_key
            .is_none()
            .then(|| format!("readycheck-open:{}:{}", self.template, self.start_mode))
    }

    /// The mode and site code of a noted key of this template (`None` for another
    /// template's key or one that is not derived). The site is `None` for an unnamed site's
    /// draft (`_`, or one kept beside it: `_~2`).
    pub fn parse(&self, key: &str) -> Option<(String, Option<String>)> {
        let rest = key
            .strip_prefix("readycheck:")?
            .strip_prefix(&self.template)?;
        let (mode, site) = rest.strip_prefix(':')?.split_once(':')?;
        if !matches!(mode, "self" | "inspection") || site.is_empty() {
            return None;
        }
        let base = site.split_once('~').map_or(site, |(b, _)| b);
        let site = (base != NO_SITE).then(|| base.to_string());
        Some((mode.to_string(), site))
    }
}

fn derived(template: &str, mode: &str, site: Option<&str>) -> String {
    let site = site.filter(|s| !s.is_empty()).unwrap_or(NO_SITE);
    format!("readycheck:{template}:{mode}:{site}")
}

/// The `n`th key beside `key`, for a draft that may not write over the one stored there.
pub fn beside(key: &str, n: usize) -> String {
    format!("{key}~{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn place(site: Option<&str>) -> Place {
        Place {
            storage_key: None,
            template: "school".into(),
            mode: "inspection".into(),
            site: site.map(str::to_owned),
            start_mode: "self".into(),
        }
    }

    #[test]
    fn keys_follow_template_mode_and_site() {
        assert_eq!(place(Some("S1")).key(), "readycheck:school:inspection:S1");
        assert_eq!(place(None).key(), "readycheck:school:inspection:_");
        assert_eq!(place(Some("")).key(), "readycheck:school:inspection:_");
        assert_eq!(
            place(Some("S1")).legacy_key().unwrap(),
            "readycheck:school:S1"
        );
        assert_eq!(place(None).legacy_key().unwrap(), "readycheck:school:draft");
        assert_eq!(
            place(None).open_note().unwrap(),
            "readycheck-open:school:self"
        );
        let named = Place {
            storage_key: Some("portal:42".into()),
            ..place(Some("S1"))
        };
        assert_eq!(named.key(), "portal:42");
        assert_eq!(named.legacy_key(), None);
        assert_eq!(named.open_note(), None);
    }

    #[test]
    fn a_noted_key_gives_back_its_mode_and_site() {
        let p = place(None);
        assert_eq!(
            p.parse("readycheck:school:self:S9"),
            Some(("self".into(), Some("S9".into())))
        );
        assert_eq!(
            p.parse("readycheck:school:inspection:_~2"),
            Some(("inspection".into(), None))
        );
        assert_eq!(
            p.parse("readycheck:school:self:S9~3"),
            Some(("self".into(), Some("S9".into())))
        );
        for other in [
            "readycheck:exam:self:S9",
            "readycheck:schoolx:self:S9",
            "readycheck:school:S9",
            "readycheck:school:audit:S9",
            "readycheck:school:self:",
            "portal:42",
        ] {
            assert_eq!(p.parse(other), None, "{other}");
        }
    }
}
