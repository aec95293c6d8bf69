//! Unified social credit codes: genuine published codes pass; every single-character change,
//! adjacent transposition, wrong length and forbidden letter is caught.

use pingshen::rules::credit_code::{check_char, validate, CreditCodeError, ALPHABET};
use proptest::prelude::*;

/// Codes the companies publish (Huawei Technologies, Tencent's Shenzhen entity, Alibaba
/// (China)). Each was checked against this implementation before being kept.
const GENUINE: [&str; 3] = [
    "914403001922038216",
    "9144030071526726XG",
    "91330100799655058B",
];

fn alphabet() -> Vec<char> {
    ALPHABET.chars().collect()
}

/// Every change of one character to another character of the alphabet.
fn substitutions(code: &str) -> Vec<String> {
    let cs: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    for i in 0..cs.len() {
        for a in alphabet() {
            if a != cs[i] {
                let mut m = cs.clone();
                m[i] = a;
                out.push(m.into_iter().collect());
            }
        }
    }
    out
}

fn transpositions(code: &str) -> Vec<String> {
    let cs: Vec<char> = code.chars().collect();
    (0..cs.len() - 1)
        .filter(|&i| cs[i] != cs[i + 1])
        .map(|i| {
            let mut m = cs.clone();
            m.swap(i, i + 1);
            m.into_iter().collect()
        })
        .collect()
}

#[test]
fn genuine_codes_pass_and_every_mutation_fails() {
    for code in GENUINE {
        assert!(validate(code).is_ok(), "{code}");
        let subs = substitutions(code);
        assert_eq!(subs.len(), 18 * 30);
        for m in subs.iter().chain(transpositions(code).iter()) {
            assert!(validate(m).is_err(), "{code} -> {m} passed");
        }
    }
}

#[test]
fn forbidden_letters_are_named_with_their_position() {
    for code in GENUINE {
        for bad in ['I', 'O', 'S', 'V', 'Z', 'a', '-', '０'] {
            for i in 0..18 {
                let mut cs: Vec<char> = code.chars().collect();
                cs[i] = bad;
                let m: String = cs.into_iter().collect();
                assert_eq!(
                    validate(&m),
                    Err(CreditCodeError::ForbiddenChar {
                        position: i + 1,
                        found: bad
                    })
                );
            }
        }
    }
}

#[test]
fn wrong_lengths() {
    let code = GENUINE[0];
    for n in [0, 1, 15, 17] {
        assert_eq!(
            validate(&code[..n]),
            Err(CreditCodeError::Length { found: n })
        );
    }
    assert_eq!(
        validate(&format!("{code}0")),
        Err(CreditCodeError::Length { found: 19 })
    );
    assert_eq!(
        validate(&format!(" {code}")),
        Err(CreditCodeError::Length { found: 19 })
    );
    assert!(check_char("9144030019220382").is_none());
    assert!(check_char("91440300192203821X").is_none());
    assert!(check_char("9144030019220382I").is_none());
}

fn first17() -> impl Strategy<Value = String> {
    // Authority 9 (market regulation), category 1-3, then 15 characters of the alphabet.
    (
        prop::sample::select(vec!['1', '2', '3']),
        prop::collection::vec(prop::sample::select(alphabet()), 15),
    )
        .prop_map(|(cat, rest)| {
            std::iter::once('9')
                .chain(std::iter::once(cat))
                .chain(rest)
                .collect()
        })
}

proptest! {
    #[test]
    fn generated_codes_validate(f in first17()) {
        let code = format!("{f}{}", check_char(&f).unwrap());
        prop_assert!(validate(&code).is_ok());
    }

    #[test]
    fn any_single_change_is_caught(f in first17(), pos in 0usize..18, to in prop::sample::select(alphabet())) {
        let code: Vec<char> = format!("{f}{}", check_char(&f).unwrap()).chars().collect();
        prop_assume!(code[pos] != to);
        let mut m = code.clone();
        m[pos] = to;
        prop_assert!(validate(&m.into_iter().collect::<String>()).is_err());
    }

    #[test]
    fn any_adjacent_transposition_is_caught(f in first17(), pos in 0usize..17) {
        let mut m: Vec<char> = format!("{f}{}", check_char(&f).unwrap()).chars().collect();
        prop_assume!(m[pos] != m[pos + 1]);
        m.swap(pos, pos + 1);
        prop_assert!(validate(&m.into_iter().collect::<String>()).is_err());
    }
}
