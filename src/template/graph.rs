//! Dependency order of a template's nodes, and the cycles that prevent one.

/// Orders nodes so that each comes after everything in `deps[node]`. On a cycle, returns
/// the nodes that lie on one (nodes merely downstream of a cycle are left out).
pub fn order(deps: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
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
    Err((0..n).filter(|&i| left[i]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_finds_cycles() {
        assert_eq!(order(&[vec![1], vec![], vec![0]]).unwrap(), vec![1, 0, 2]);
        assert_eq!(order(&[vec![1], vec![0], vec![0]]).unwrap_err(), vec![0, 1]);
        assert_eq!(order(&[vec![0]]).unwrap_err(), vec![0]);
        // Downstream of a cycle is not on it; two cycles, one reading the other, are.
        assert_eq!(
            order(&[vec![1], vec![0], vec![1], vec![2]]).unwrap_err(),
            vec![0, 1]
        );
        assert_eq!(
            order(&[vec![1], vec![0], vec![1, 4], vec![2], vec![3], vec![4]]).unwrap_err(),
            vec![0, 1, 2, 3, 4]
        );
    }
}
