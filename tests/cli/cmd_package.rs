//! `package` and `init` of a package: the expert's share of the campaign, signed by the
//! secretariat; a tampered package is refused; sheets made from it verify against the full
//! campaign.

use crate::cmd_support;
use crate::common;
use cmd_support::{code, ok, one_sentence, setup};
use pingshen::format::load_campaign;

#[test]
fn a_sheet_made_from_a_package_verifies_against_the_full_campaign() {
    let s = setup();
    let pkg = s.p("pkg-X02");
    ok(&s.run(&[
        "package",
        "--expert",
        "X02",
        "-o",
        &pkg,
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]));
    let loaded = load_campaign(std::path::Path::new(&pkg)).unwrap();
    let full = load_campaign(&s.dir).unwrap();
    assert_eq!(loaded.campaign.experts.len(), 1);
    assert_eq!(loaded.campaign.digest(), full.campaign.digest());
    assert_ne!(
        loaded.campaign.content_digest(),
        full.campaign.content_digest()
    );
    let p = loaded.package.as_ref().unwrap();
    assert_eq!((p.expert.as_str(), p.signed_by.as_str()), ("X02", "S01"));
    let pdb = s.path("pdb");
    ok(&s.run_db(&pdb, &["init", &pkg]));
    ok(&s.run_db(&pdb, &["pledge", "--expert", "X02"]));
    ok(&s.run_db(
        &pdb,
        &[
            "score",
            "A002",
            "innovation",
            "18",
            "--expert",
            "X02",
            "--comment",
            "方案可行",
        ],
    ));
    let sheet = s.p("X02.json");
    ok(&s.run_db(
        &pdb,
        &[
            "export",
            "--expert",
            "X02",
            "-o",
            &sheet,
            "--key",
            &s.key("X02"),
        ],
    ));
    let o = s.run(&["verify", "--campaign", &s.dir_s(), &sheet]);
    ok(&o);
    assert_eq!(common::stdout(&o).trim(), format!("{sheet}: ok"));
}

#[test]
fn the_package_holds_only_what_the_expert_may_score() {
    let s = setup();
    ok(&s.run(&["init", &s.dir_s()]));
    // A declared conflict leaves A001 out of X02's package.
    ok(&s.run(&[
        "declare",
        "A001",
        "--expert",
        "X02",
        "--reason",
        "本人所在单位牵头",
    ]));
    ok(&s.run(&[
        "triage",
        "A002",
        "pass",
        "--reason",
        "材料齐全",
        "--key",
        &s.key("S01"),
    ]));
    let pkg = s.path("pkg");
    ok(&s.run(&[
        "package",
        "--expert",
        "X02",
        "-o",
        pkg.to_str().unwrap(),
        "--key",
        &s.key("S01"),
    ]));
    let c = load_campaign(&pkg).unwrap();
    let apps: Vec<&str> = c
        .campaign
        .applications
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(apps, ["A002", "A003"]);
    let experts: Vec<&str> = c.campaign.experts.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(experts, ["X02"]);
    for panel in &c.campaign.settings.panels {
        assert!(panel.experts.iter().all(|e| e == "X02"));
    }
    // Units: A002's and A003's members and X02's own unit.
    let mut units: Vec<&str> = c.campaign.units.iter().map(|u| u.id.as_str()).collect();
    units.sort();
    assert_eq!(units, ["U01", "U02", "U03"]);
    assert_eq!(c.decisions.len(), 1);
    assert!(c.keys_toml.is_some());
}

#[test]
fn a_tampered_package_is_refused_by_init() {
    let s = setup();
    let pkg = s.path("pkg");
    ok(&s.run(&[
        "package",
        "--expert",
        "X01",
        "-o",
        pkg.to_str().unwrap(),
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]));
    // A changed application.
    let edited = s.path("edited");
    common::copy_dir(&pkg, &edited);
    let app = edited.join("applications/A001.toml");
    let t = std::fs::read_to_string(&app).unwrap();
    std::fs::write(&app, t.replace("零信任", "零信任（加强版）")).unwrap();
    let db = s.path("db-edited");
    let o = s.run_db(&db, &["init", edited.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("is not what the secretariat signed"));
    assert!(!db.exists());
    // A manifest re-signed by the chair.
    let resigned = s.path("resigned");
    common::copy_dir(&pkg, &resigned);
    let m = resigned.join("package.toml");
    let t = std::fs::read_to_string(&m).unwrap();
    std::fs::write(&m, t.replace("signed_by = \"S01\"", "signed_by = \"C01\"")).unwrap();
    let o = s.run_db(
        &s.path("db-resigned"),
        &["init", resigned.to_str().unwrap()],
    );
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("signature by `C01` does not hold"));
    // Another full digest: the signature no longer covers it.
    let moved = s.path("moved");
    common::copy_dir(&pkg, &moved);
    let m = moved.join("package.toml");
    let t = std::fs::read_to_string(&m).unwrap();
    let d = load_campaign(&s.dir).unwrap().campaign.digest();
    std::fs::write(&m, t.replace(&d, &"0".repeat(64))).unwrap();
    let o = s.run_db(&s.path("db-moved"), &["init", moved.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    one_sentence(&o);
    // The untouched package loads.
    ok(&s.run_db(&s.path("db-ok"), &["init", pkg.to_str().unwrap()]));
}

#[test]
fn only_the_secretariat_packages_into_a_new_folder() {
    let s = setup();
    let pkg = s.p("pkg");
    let o = s.run(&[
        "package",
        "--expert",
        "X01",
        "-o",
        &pkg,
        "--key",
        &s.key("C01"),
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("signed by the secretariat"));
    assert!(!std::path::Path::new(&pkg).exists());
    let o = s.run(&[
        "package",
        "--expert",
        "X01",
        "-o",
        &pkg,
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 2);
    let o = s.run(&[
        "package",
        "--expert",
        "X01",
        "-o",
        &s.dir_s(),
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(one_sentence(&o).contains("not an empty folder"));
    let o = s.run(&[
        "package",
        "--expert",
        "X09",
        "-o",
        &pkg,
        "--key",
        &s.key("S01"),
        "--campaign",
        &s.dir_s(),
    ]);
    assert_eq!(code(&o), 1);
    one_sentence(&o);
}

#[test]
fn a_package_of_the_bundled_campaign_carries_its_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = common::repo();
    let full = repo.join("fixtures/campaign-2023");
    let pkg = tmp.path().join("pkg");
    let key = repo.join("fixtures/demo-keys/SEC01.key");
    let o = common::run(
        &tmp.path().join("db"),
        &[
            "package",
            "--expert",
            "EXP02",
            "-o",
            pkg.to_str().unwrap(),
            "--key",
            key.to_str().unwrap(),
            "--campaign",
            full.to_str().unwrap(),
        ],
    );
    ok(&o);
    let c = load_campaign(&pkg).unwrap();
    assert!(c
        .campaign
        .applications
        .iter()
        .any(|a| !a.documents.is_empty()));
    assert_eq!(c.campaign.experts.len(), 1);
    let full = load_campaign(&full).unwrap().campaign;
    assert!(c.campaign.applications.len() < full.applications.len());
    assert!(c.campaign.units.len() < full.units.len());
    ok(&common::run(
        &tmp.path().join("pdb"),
        &["init", pkg.to_str().unwrap()],
    ));
}
