//! Dependency order of a template's nodes, and the cycles that prevent one.

/// Orders nodes so that each comes after everything in `deps[node]`. On a cycle, returns
/// the cycles: each strongly connected set of nodes that read one another, its members in
/// index order, the sets by their first member (nodes merely downstream of a cycle, or
/// between two, are left out).
pub fn order(deps: &[Vec<usize>]) -> Result<Vec<usize>, Vec<Vec<usize>>> {
    order_or_left(deps).map_err(|left| cycles(deps, &left))
}

/// The nodes left unordered: those on a cycle or between two.
fn order_or_left(deps: &[Vec<usize>]) -> Result<Vec<usize>, Vec<bool>> {
    let n = deps.len();
    let mut pending: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (node, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(node);
        }
    }
    // Ready nodes are taken lowest index first so the order follows the template.
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
        .filter(|&i| pending[i] == 0)
        .map(std::cmp::Reverse)
        .collect();
    let mut out = Vec::with_capacity(n);
    while let Some(std::cmp::Reverse(i)) = ready.pop() {
        out.push(i);
        for &d in &dependents[i] {
            pending[d] -= 1;
            if pending[d] == 0 {
                ready.push(std::cmp::Reverse(d));
            }
        }
    }
    if out.len() == n {
        return Ok(out);
    }
    // Peel away, from the other end, nodes that nothing left unordered depends on: what
    // remains lies on a cycle or between two. A queue, not repeated sweeps: sweeping was
    // quadratic behind a long chain (a cycle before 100,000 chained items: 20 s).
    let mut left: Vec<bool> = pending.iter().map(|&p| p > 0).collect();
    let mut users: Vec<usize> = (0..n)
        .map(|i| dependents[i].iter().filter(|&&d| left[d]).count())
        .collect();
    let mut queue: Vec<usize> = (0..n).filter(|&i| left[i] && users[i] == 0).collect();
    while let Some(i) = queue.pop() {
        left[i] = false;
        for &d in &deps[i] {
            if left[d] {
                users[d] -= 1;
                if users[d] == 0 {
                    queue.push(d);
                }
            }
        }
    }
    Err(left)
}

/// The cycles among the nodes `left`: strongly connected components (Tarjan's, with an
/// explicit stack so a ring of 100,000 items does not overflow the thread's) of two or
/// more nodes, or of one that reads itself. Ordered by a scan over the nodes, not a sort:
/// a sort's code costs the wasm more than all of this.
fn cycles(deps: &[Vec<usize>], left: &[bool]) -> Vec<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let n = deps.len();
    let (mut index, mut low) = (vec![NONE; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    // The component of each node on a cycle.
    let mut comp = vec![NONE; n];
    let (mut stack, mut ncomp) = (Vec::new(), 0);
    let mut next = 0;
    for root in (0..n).filter(|&i| left[i]) {
        if index[root] != NONE {
            continue;
        }
        // (node, how many of its dependencies were visited)
        let mut call = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut k)) = call.last_mut() {
            if let Some(&w) = deps[v].get(*k) {
                *k += 1;
                if !left[w] {
                    continue;
                }
                if index[w] == NONE {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let cycle = stack.last() != Some(&v) || deps[v].contains(&v);
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    if cycle {
                        comp[w] = ncomp;
                    }
                    if w == v {
                        break;
                    }
                }
                ncomp += usize::from(cycle);
            }
        }
    }
    // Members in index order, cycles by their first member.
    let (mut slot, mut out) = (vec![NONE; ncomp], Vec::<Vec<usize>>::new());
    for (v, &c) in comp.iter().enumerate() {
        if c == NONE {
            continue;
        }
        if slot[c] == NONE {
            slot[c] = out.len();
            out.push(Vec::new());
        }
        out[slot[c]].push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_finds_cycles() {
        assert_eq!(order(&[vec![1], vec![], vec![0]]).unwrap(), vec![1, 0, 2]);
        assert_eq!(
            order(&[vec![1], vec![0], vec![0]]).unwrap_err(),
            [vec![0, 1]]
        );
        assert_eq!(order(&[vec![0]]).unwrap_err(), [vec![0]]);
        // Downstream of a cycle is not on it; two cycles, one reading the other, are two.
        assert_eq!(
            order(&[vec![1], vec![0], vec![1], vec![2]]).unwrap_err(),
            [vec![0, 1]]
        );
        assert_eq!(
            order(&[vec![1], vec![0], vec![1, 4], vec![2], vec![3], vec![4]]).unwrap_err(),
            [vec![0, 1], vec![2, 3, 4]]
        );
    }

    #[test]
    fn many_cycles_and_a_long_ring_are_linear() {
        // 50,000 two-node cycles: 50,000 sets of two, not 100,000 lists of 100,000.
        let deps: Vec<Vec<usize>> = (0..100_000).map(|i| vec![i ^ 1]).collect();
        let sets = order(&deps).unwrap_err();
        assert_eq!(sets.len(), 50_000);
        assert!(sets.iter().all(|s| s.len() == 2));
        // A ring of 100,000: one set, found without recursion.
        let deps: Vec<Vec<usize>> = (0..100_000).map(|i| vec![(i + 1) % 100_000]).collect();
        let sets = order(&deps).unwrap_err();
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].len(), 100_000);
    }
}
