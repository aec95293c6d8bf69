//! The audit log's hash chain: every kind of tampering is found, and named.

use pingshen::audit::{head, next_entry, verify_chain, verify_chain_to, AuditEntry, GENESIS};
use serde_json::json;
use sm3::{Digest, Sm3};

fn chain(n: usize) -> Vec<AuditEntry> {
    let mut out: Vec<AuditEntry> = Vec::new();
    for i in 0..n {
        let detail = json!({"expert": "E01", "application": format!("A{i:04}"), "value": 2000 + i, "comment": "较好"});
        let e = next_entry(
            out.last(),
            &format!("2024-03-02T10:{i:02}:00+08:00"),
            "score",
            detail,
        )
        .unwrap();
        out.push(e);
    }
    out
}

#[test]
fn a_fresh_chain_verifies() {
    let c = chain(6);
    verify_chain(&c).unwrap();
    assert_eq!(c[0].seq, 1);
    assert_eq!(c[0].prev, GENESIS);
    assert_eq!(GENESIS.len(), 64);
    for w in c.windows(2) {
        assert_eq!(w[1].prev, w[0].hash);
        assert_eq!(w[1].seq, w[0].seq + 1);
    }
    verify_chain_to(&c, head(&c)).unwrap();
    verify_chain(&[]).unwrap();
    assert_eq!(head(&[]), GENESIS);
}

#[test]
fn the_hash_is_sm3_of_the_canonical_entry() {
    let c = chain(2);
    let e = &c[1];
    let canonical = format!(
        "{{\"at\":\"{}\",\"detail\":{{\"application\":\"A0001\",\"comment\":\"较好\",\"expert\":\"E01\",\"value\":2001}},\"kind\":\"score\",\"prev\":\"{}\",\"seq\":2}}",
        e.at, e.prev
    );
    assert_eq!(e.hash, hex::encode(Sm3::digest(canonical.as_bytes())));
}

#[test]
fn an_edited_entry_is_found() {
    let mut c = chain(5);
    c[2].detail["value"] = json!(9999);
    let b = verify_chain(&c).unwrap_err();
    assert_eq!(b.seq, 3);
    assert!(b.why.contains("does not match its hash"), "{b}");

    // Rehashing the edited entry moves the break to the next link.
    let mut c = chain(5);
    c[2].at = "2024-03-03T00:00:00+08:00".into();
    c[2].hash =
        pingshen::audit::entry_hash(c[2].seq, &c[2].at, &c[2].kind, &c[2].detail, &c[2].prev)
            .unwrap();
    let b = verify_chain(&c).unwrap_err();
    assert_eq!(b.seq, 4);
    assert!(b.why.contains("does not link to entry 3"), "{b}");
    assert_eq!(b.to_string(), format!("audit log entry 4: {}", b.why));
    // Said in Chinese too, without English.
    let zh = b.message(pingshen::i18n::Lang::Zh);
    assert_eq!(
        zh,
        "第 4 条审计记录：没有链接到第 3 条（其 prev 不是那一条的哈希）；有记录被修改或替换"
    );
    crate::common::assert_chinese(&zh);
}

#[test]
fn a_removed_entry_is_found() {
    let mut c = chain(5);
    c.remove(2);
    let b = verify_chain(&c).unwrap_err();
    assert_eq!(b.seq, 4);
    assert!(b.why.contains("entries were removed"), "{b}");

    let mut c = chain(5);
    c.remove(0);
    let b = verify_chain(&c).unwrap_err();
    assert_eq!(b.seq, 2);
    assert!(b.why.contains("first entries were removed"), "{b}");

    // Cut off the end: only the recorded head tells.
    let c = chain(5);
    let recorded = head(&c).to_string();
    let b = verify_chain_to(&c[..4], &recorded).unwrap_err();
    assert_eq!(b.seq, 5);
    assert!(b.why.contains("cut off the end"), "{b}");
}

#[test]
fn a_removed_entry_with_renumbering_is_found() {
    // Removing an entry and renumbering the rest still breaks the link by hash.
    let mut c = chain(5);
    c.remove(2);
    for (i, e) in c.iter_mut().enumerate() {
        e.seq = i as u64 + 1;
    }
    let b = verify_chain(&c).unwrap_err();
    assert_eq!(b.seq, 3);
    assert!(b.why.contains("does not link to entry 2"), "{b}");
}

#[test]
fn reordered_entries_are_found() {
    let mut c = chain(5);
    c.swap(1, 3);
    let b = verify_chain(&c).unwrap_err();
    assert_eq!(b.seq, 4);
    assert!(
        b.why.contains("entries were removed") || b.why.contains("out of order"),
        "{b}"
    );

    let mut c = chain(5);
    c.swap(3, 4);
    let b = verify_chain(&c).unwrap_err();
    assert_eq!(b.seq, 5);
    let mut c = chain(3);
    let dup = c[1].clone();
    c.insert(2, dup);
    let b = verify_chain(&c).unwrap_err();
    assert!(b.why.contains("out of order or repeated"), "{b}");
}

#[test]
fn details_with_fractions_are_refused() {
    assert!(next_entry(None, "t", "merge", json!({"score": 81.5})).is_err());
}
