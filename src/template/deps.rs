//! Who reads what: the reverse of the dependency graph the loader orders by. One changed
//! answer re-evaluates only the nodes that read it (transitively) and the rules that do.

use super::{Kind, Node, Piece, Required, Template};
use crate::expr::{Expr, Slot};

/// Readers of each item and section, and each node's place in evaluation order.
#[derive(Debug, Clone, Default)]
pub struct Deps {
    /// For each item: the section and item nodes whose conditions or values read it.
    pub item_readers: Vec<Vec<Node>>,
    /// For each item: the rules whose `when`, `assert` or message read it.
    pub rule_readers: Vec<Vec<usize>>,
    /// Position of each node in `Template::order`: sections first, then items.
    pub pos_section: Vec<usize>,
    pub pos_item: Vec<usize>,
}

/// Top-level items an expression reads (a repeat's fields count as the repeat).
fn reads(e: &Expr, out: &mut Vec<usize>) {
    e.names(&mut |n| match n.slot {
        Slot::Item(i) | Slot::Child { repeat: i, .. } => out.push(i),
        Slot::Unresolved => {}
    });
}

fn item_reads(t: &Template, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let visit = |it: &super::Item, out: &mut Vec<usize>| {
        if let Some(e) = &it.visible_if {
            reads(e, out);
        }
        if let Required::If(e) = &it.required {
            reads(e, out);
        }
        if let Kind::Computed { expr, .. } = &it.kind {
            reads(expr, out);
        }
    };
    visit(&t.items[i], &mut out);
    if let Kind::Repeat { children, .. } = &t.items[i].kind {
        for c in children {
            visit(c, &mut out);
        }
    }
    out.retain(|&x| x != i);
    out
}

impl Deps {
    pub fn build(t: &Template) -> Deps {
        let n = t.items.len();
        let mut d = Deps {
            item_readers: vec![Vec::new(); n],
            rule_readers: vec![Vec::new(); n],
            pos_section: vec![0; t.sections.len()],
            pos_item: vec![0; n],
        };
        for (p, node) in t.order.iter().enumerate() {
            match *node {
                Node::Section(s) => d.pos_section[s] = p,
                Node::Item(i) => d.pos_item[i] = p,
            }
        }
        for (s, sec) in t.sections.iter().enumerate() {
            let mut r = Vec::new();
            if let Some(e) = &sec.visible_if {
                reads(e, &mut r);
            }
            for i in r {
                d.item_readers[i].push(Node::Section(s));
            }
        }
        for i in 0..n {
            for x in item_reads(t, i) {
                d.item_readers[x].push(Node::Item(i));
            }
        }
        for (ri, rule) in t.rules.iter().enumerate() {
            let mut r = Vec::new();
            if let Some(e) = &rule.when {
                reads(e, &mut r);
            }
            reads(&rule.assert, &mut r);
            if let Some(m) = &rule.message {
                for p in m.pieces.iter().flatten() {
                    if let Piece::Expr(e) = p {
                        reads(e, &mut r);
                    }
                }
            }
            for i in r {
                d.rule_readers[i].push(ri);
            }
        }
        for list in d.item_readers.iter_mut() {
            list.sort_by_key(|n| match n {
                Node::Section(s) => (0, *s),
                Node::Item(i) => (1, *i),
            });
            list.dedup();
        }
        for list in d.rule_readers.iter_mut() {
            list.sort_unstable();
            list.dedup();
        }
        d
    }
}
