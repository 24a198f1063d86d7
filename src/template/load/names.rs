//! Names and types: the dependency order of sections and items, cycles, name resolution
//! and the type check of every expression (§1.3, §2.3).

use std::collections::HashMap;

use crate::expr::check::{self, Scope, Ty};
use crate::expr::{Expr, ExprError, Slot};
use crate::problem::pointer;
use crate::template::graph;
use crate::template::{Item, Kind, Node, Piece, Required, Rule, Section, Target};
use crate::text::locale::Text;
use crate::text::number;

use super::*;

impl Loader {
    /// Orders sections and items by what they read, reports cycles, then resolves names
    /// and checks types in that order (a computed item's type is known before it is read).
    pub(super) fn resolve(
        &mut self,
        sections: &mut [Section],
        items: &mut [Item],
        rules: &mut [Rule],
    ) -> Vec<Node> {
        let ns = sections.len();
        let deps = self.dependencies(sections, items);
        let order = self.order(&deps, sections, items);
        let index = std::mem::take(&mut self.index);
        let mut scope = Names::new(items, &index);
        for &n in &order {
            if n < ns {
                let ptr = format!("/sections/{n}/visible_if");
                if let Some(e) = sections[n].visible_if.as_mut() {
                    self.check_bool(e, &scope, None, &ptr);
                }
                continue;
            }
            let i = n - ns;
            let ty = self.check_item(&mut items[i], &scope, Loc::Item(i));
            if let Some(ty) = ty {
                scope.tys[i] = ty;
            }
        }
        for (ri, r) in rules.iter_mut().enumerate() {
            self.check_rule(r, ri, &scope);
        }
        drop(scope);
        self.index = index;
        order
            .into_iter()
            .map(|n| {
                if n < ns {
                    Node::Section(n)
                } else {
                    Node::Item(n - ns)
                }
            })
            .collect()
    }

    /// What each node reads: sections are nodes `0..ns`, items `ns..`; an item reads its
    /// section, and whatever its expressions and its children's name (a child's siblings
    /// are ordered within the row, not here).
    fn dependencies(&self, sections: &[Section], items: &[Item]) -> Vec<Vec<usize>> {
        let ns = sections.len();
        let node_of = |index: &HashMap<String, Target>, id: &str| -> Option<usize> {
            match index.get(id)? {
                Target::Item(i) | Target::Child { repeat: i, .. } => Some(ns + i),
                _ => None,
            }
        };
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); ns + items.len()];
        for (si, s) in sections.iter().enumerate() {
            if let Some(e) = &s.visible_if {
                e.names(&mut |n| deps[si].extend(node_of(&self.index, &n.id)));
            }
        }
        for (i, it) in items.iter().enumerate() {
            let d = &mut deps[ns + i];
            d.push(it.section);
            let mut add = |e: &Expr| e.names(&mut |n| d.extend(node_of(&self.index, &n.id)));
            for_each_expr(it, &mut add);
            if let Kind::Repeat { children, .. } = &it.kind {
                for c in children {
                    for_each_expr(c, &mut |e: &Expr| {
                        e.names(&mut |n| {
                            if !matches!(self.index.get(&n.id), Some(Target::Child { repeat, .. }) if *repeat == i) {
                                d.extend(node_of(&self.index, &n.id));
                            }
                        })
                    });
                }
            }
        }
        deps
    }

    /// The nodes in an order where each comes after what it reads; on a cycle, every node
    /// in it is reported and the template order is returned (the template will not load).
    fn order(&mut self, deps: &[Vec<usize>], sections: &[Section], items: &[Item]) -> Vec<usize> {
        let ns = sections.len();
        let cycles = match graph::order(deps) {
            Ok(o) => return o,
            Err(cycles) => cycles,
        };
        let name = |n: usize| {
            if n < ns {
                sections[n].id.as_str()
            } else {
                items[n - ns].id.as_str()
            }
        };
        // One error per cycle, at its first member, naming a bounded number of members: a
        // template of 50,000 cycles gets 50,000 short lines, not 50,000 × 50,000 names.
        for cycle in cycles {
            let n = cycle[0];
            let ptr = if n < ns {
                format!("/sections/{n}/visible_if")
            } else {
                self.item_ptrs[n - ns].clone()
            };
            let members = cycle_members(cycle.iter().map(|&m| name(m)), cycle.len());
            self.err(&ptr, Code::Cycle, format!("`{}` depends on itself through visible_if, required or computed references ({members})", name(n)));
        }
        (0..deps.len()).collect()
    }

    /// A rule's `when` and `assert` (booleans) and its message's placeholders, once every
    /// item's type is known.
    fn check_rule(&mut self, r: &mut Rule, ri: usize, scope: &Names) {
        let p = format!("/rules/{ri}");
        if let Some(e) = r.when.as_mut() {
            self.check_bool(e, scope, None, &pointer(&p, "when"));
        }
        self.check_bool(&mut r.assert, scope, None, &pointer(&p, "assert"));
        let Some(m) = r.message.as_mut() else {
            return;
        };
        let keys: Vec<String> = match &m.text {
            Text::Plain(_) => vec![String::new()],
            Text::Map(e) => e.iter().map(|(k, _)| k.clone()).collect(),
        };
        for (pieces, k) in m.pieces.iter_mut().zip(keys) {
            let mp = if k.is_empty() {
                pointer(&p, "message")
            } else {
                pointer(&pointer(&p, "message"), &k)
            };
            for piece in pieces.iter_mut() {
                if let Piece::Expr(e) = piece {
                    self.check_at(e, scope, None, &mp);
                }
            }
        }
    }

    fn loc_ptr(&self, loc: Loc) -> String {
        match loc {
            Loc::Item(i) => self.item_ptrs[i].clone(),
            Loc::Child(i, c) => format!("{}/items/{c}", self.item_ptrs[i]),
        }
    }

    /// Checks an item's expressions; returns the type its name has in other expressions.
    fn check_item(&mut self, it: &mut Item, scope: &Names, loc: Loc) -> Option<Ty> {
        let ptr = self.loc_ptr(loc);
        let rep = match loc {
            Loc::Child(r, _) => Some(r),
            _ => None,
        };
        if let Some(e) = it.visible_if.as_mut() {
            self.check_bool(e, scope, rep, &pointer(&ptr, "visible_if"));
        }
        if let Required::If(e) = &mut it.required {
            self.check_bool(e, scope, rep, &pointer(&ptr, "required"));
        }
        match &mut it.kind {
            Kind::Computed { expr, .. } => self.check_at(expr, scope, rep, &pointer(&ptr, "expr")),
            Kind::Repeat {
                children, order, ..
            } => {
                let Loc::Item(ri) = loc else { return None };
                let mut deps = vec![Vec::new(); children.len()];
                for (ci, c) in children.iter().enumerate() {
                    for_each_expr(c, &mut |e: &Expr| {
                        e.names(&mut |n| {
                            if let Some(Target::Child { repeat, child }) = scope.index.get(&n.id) {
                                if *repeat == ri {
                                    deps[ci].push(*child);
                                }
                            }
                        })
                    });
                }
                *order = match graph::order(&deps) {
                    Ok(o) => o,
                    Err(cycles) => {
                        for cycle in cycles {
                            let c = cycle[0];
                            let members = cycle_members(
                                cycle.iter().map(|&m| children[m].id.as_str()),
                                cycle.len(),
                            );
                            self.err(&format!("{ptr}/items/{c}"), Code::Cycle, format!("`{}` depends on itself through visible_if or required references within its row ({members})", children[c].id));
                        }
                        (0..children.len()).collect()
                    }
                };
                for &ci in order.iter() {
                    self.check_item(&mut children[ci], scope, Loc::Child(ri, ci));
                }
                Some(Ty::Repeat)
            }
            _ => None,
        }
    }

    fn check_at(
        &mut self,
        e: &mut Expr,
        scope: &Names,
        rep: Option<usize>,
        ptr: &str,
    ) -> Option<Ty> {
        let mut warnings = Vec::new();
        let r = check::check(e, scope, rep, &mut warnings);
        for w in warnings {
            self.expr_problem(Severity::Warning, ptr, w);
        }
        match r {
            Ok(t) => Some(t),
            Err(e) => {
                self.expr_problem(Severity::Error, ptr, e);
                None
            }
        }
    }

    fn check_bool(&mut self, e: &mut Expr, scope: &Names, rep: Option<usize>, ptr: &str) {
        if let Some(t) = self.check_at(e, scope, rep, ptr) {
            if !matches!(t, Ty::Bool | Ty::Null) {
                self.err(
                    ptr,
                    Code::Type,
                    format!("a condition must be true or false, not a {}", t.name()),
                );
            }
        }
    }

    pub(super) fn section_warnings(
        &mut self,
        sections: &[Section],
        items: &[Item],
        rules: &[Rule],
    ) {
        for (si, s) in sections.iter().enumerate() {
            let max: i64 = items[s.items.clone()]
                .iter()
                .filter_map(Item::max_points)
                .sum::<i64>()
                + s.rules.iter().filter_map(|&r| rules[r].points).sum::<i64>();
            if s.weight > 0.0 && max == 0 {
                self.warn(
                    &format!("/sections/{si}"),
                    Code::EmptySection,
                    format!(
                        "section `{}` has weight {} but nothing in it can be scored",
                        s.id,
                        number::shortest(s.weight)
                    ),
                );
            }
        }
    }
}

/// Calls `f` on each expression an item reads (not on its repeat children).
fn for_each_expr(it: &Item, f: &mut impl FnMut(&Expr)) {
    if let Some(e) = &it.visible_if {
        f(e);
    }
    if let Required::If(e) = &it.required {
        f(e);
    }
    if let Kind::Computed { expr, .. } = &it.kind {
        f(expr);
    }
}

/// The names of a template, as the type checker sees them.
struct Names<'a> {
    index: &'a HashMap<String, Target>,
    /// Type of each top-level item's name; computed items get theirs once checked.
    tys: Vec<Ty>,
    values: Vec<Option<Vec<String>>>,
    child_tys: Vec<Vec<Ty>>,
    child_values: Vec<Vec<Option<Vec<String>>>>,
}

fn static_ty(k: &Kind) -> Ty {
    match k {
        Kind::YesNo { .. } | Kind::Choice { .. } | Kind::Text { .. } => Ty::Str,
        Kind::Multi { .. } => Ty::List,
        Kind::Number { .. } => Ty::Num,
        Kind::Date { .. } => Ty::Date,
        Kind::Computed { .. } => Ty::Null,
        Kind::Repeat { .. } => Ty::Repeat,
    }
}

/// `f` of each repeat child, by repeat item index (empty for other items).
fn per_child<T>(items: &[Item], f: impl Fn(&Kind) -> T) -> Vec<Vec<T>> {
    items
        .iter()
        .map(|it| match &it.kind {
            Kind::Repeat { children, .. } => children.iter().map(|c| f(&c.kind)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn answer_values(k: &Kind) -> Option<Vec<String>> {
    match k {
        Kind::YesNo { na, .. } => {
            let mut v = vec!["yes".to_string(), "no".to_string()];
            if *na {
                v.push("na".into());
            }
            Some(v)
        }
        Kind::Choice { options } => Some(options.iter().map(|o| o.value.clone()).collect()),
        _ => None,
    }
}

impl<'a> Names<'a> {
    pub(super) fn new(items: &[Item], index: &'a HashMap<String, Target>) -> Self {
        Names {
            index,
            tys: items.iter().map(|it| static_ty(&it.kind)).collect(),
            values: items.iter().map(|it| answer_values(&it.kind)).collect(),
            child_tys: per_child(items, static_ty),
            child_values: per_child(items, answer_values),
        }
    }
}

impl Scope for Names<'_> {
    fn resolve(&self, id: &str, repeat: Option<usize>) -> Result<(Slot, Ty), ExprError> {
        let unknown =
            |m: String| Err(ExprError::new(Code::UnknownName, m).about(|| vec![id.to_string()]));
        match self.index.get(id) {
            Some(Target::Item(i)) => Ok((Slot::Item(*i), self.tys[*i])),
            Some(Target::Child { repeat: r, child }) if repeat == Some(*r) => {
                Ok((Slot::Child { repeat: *r, child: *child }, self.child_tys[*r][*child]))
            }
            Some(Target::Child { .. }) => unknown(format!(
                "`{id}` is a field of a repeat; read it inside count, sum, countif, all or any of that repeat"
            )),
            Some(Target::Section(_)) => unknown(format!("`{id}` is a section, not an item")),
            Some(Target::Rule(_)) => unknown(format!("`{id}` is a rule, not an item")),
            None => unknown(format!("no item has id `{id}`")),
        }
    }

    fn values(&self, slot: Slot) -> Option<Vec<String>> {
        match slot {
            Slot::Item(i) => self.values.get(i).cloned().flatten(),
            Slot::Child { repeat, child } => {
                self.child_values.get(repeat)?.get(child).cloned().flatten()
            }
            Slot::Unresolved => None,
        }
    }
}

/// The members of a cycle as a message names them: at most eight, then how many more.
fn cycle_members<'a>(names: impl Iterator<Item = &'a str>, count: usize) -> String {
    const SHOWN: usize = 8;
    let shown: Vec<&str> = names.take(SHOWN).collect();
    let more = count.saturating_sub(SHOWN);
    let mut text = shown.join(", ");
    if more > 0 {
        text.push_str(&format!(", … and {more} more"));
    }
    text
}
