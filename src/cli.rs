//! The command line, declared once with clap: every command of DESIGN.md §4.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pingshen",
    version = concat!(env!("CARGO_PKG_VERSION"), " (campaign format 1, sheet format 1)"),
    about = "评审 pingshen: expert review panels for the Network Security Technology Application Pilot Demonstration programme",
    long_about = None,
)]
pub struct Cli {
    /// The store to use (a folder; created by `init`). Default: $PINGSHEN_DB, else the
    /// platform's data folder.
    #[arg(long, global = true, env = "PINGSHEN_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Interface language; default from LANG.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// More diagnostics in the log file (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Verdict {
    Pass,
    Fail,
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Expert,
    Chair,
    Secretariat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SigArg {
    Sm2,
    Ed25519,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssignMode {
    Panels,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    Results,
    Personal,
    Minutes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Csv,
    Md,
    Json,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The interface on the bundled campaign, in a fresh temporary store.
    Demo {
        /// As the panel chair, over the bundled demo sheets.
        #[arg(long)]
        chair: bool,
    },
    /// Load a campaign or an expert's package into the store (all or nothing).
    Init {
        /// The campaign directory.
        dir: PathBuf,
    },
    /// Add recommenders' 推荐项目汇总表 spreadsheets and their 申报书 files to a campaign.
    Intake {
        /// 附件3 spreadsheets (XLSX).
        #[arg(required = true)]
        xlsx: Vec<PathBuf>,
        #[arg(long, value_name = "DIR")]
        campaign: PathBuf,
        /// Folder with the structured 申报书 files and original documents.
        #[arg(long, value_name = "DIR")]
        docs: Option<PathBuf>,
    },
    /// Formal-review and conflict findings; exit 1 if any is blocking.
    Check {
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        #[arg(long)]
        expert: Option<String>,
        #[arg(long)]
        app: Option<String>,
        /// The campaign directory (default: the store's campaign).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// The secretariat's signed formal-review verdict on one application.
    Triage {
        app: String,
        #[arg(value_enum)]
        verdict: Verdict,
        #[arg(long)]
        reason: String,
        /// The secretariat's private key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Draw each panel's experts and reserves (a signed decision).
    Assign {
        #[arg(long)]
        seed: u64,
        #[arg(long)]
        panel_size: usize,
        #[arg(long, default_value_t = 0)]
        reserves: usize,
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// One expert's package: their assigned, unconflicted applications, signed.
    Package {
        #[arg(long)]
        expert: String,
        #[arg(short = 'o', long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// The interactive application.
    Tui {
        #[arg(long, conflicts_with_all = ["chair", "triage"])]
        expert: Option<String>,
        #[arg(long, conflicts_with = "triage")]
        chair: bool,
        #[arg(long)]
        triage: bool,
        /// Private key to sign with: the expert's (export) or the secretariat's (triage).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// The chair's view: the campaign directory the sheets were made for.
        #[arg(long, value_name = "DIR", requires = "chair")]
        campaign: Option<PathBuf>,
        /// The chair's view: the signed sheets to merge.
        #[arg(value_name = "SHEET", requires = "chair")]
        sheets: Vec<PathBuf>,
    },
    /// Acknowledge the confidentiality and recusal commitment (保密及回避承诺).
    Pledge {
        #[arg(long)]
        expert: String,
    },
    /// Record one score, with the same checks as the interface.
    Score {
        app: String,
        criterion: String,
        /// Points, such as 23 or 22.5.
        value: String,
        #[arg(long)]
        expert: String,
        #[arg(long)]
        comment: Option<String>,
        /// Why a score changed from the round before (round 2 on).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Declare a conflict of interest with an application.
    Declare {
        app: String,
        #[arg(long)]
        expert: String,
        #[arg(long)]
        reason: String,
    },
    /// A signed chair or secretariat decision: override, confirm, dismiss or round.
    Decide {
        #[command(subcommand)]
        what: DecideCommand,
    },
    /// Take signed decisions (an override, a new round) into an expert's store.
    Receive {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Make a key pair.
    Keygen {
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        id: String,
        #[arg(long, value_enum, default_value = "sm2")]
        sig: SigArg,
        /// Folder for the key files (default: the current folder).
        #[arg(short = 'o', long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Protect the private key with a passphrase read from this environment variable.
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
    },
    /// Export an expert's signed score sheet.
    Export {
        /// The expert whose sheet this is (their id, such as EXP04).
        #[arg(long, value_name = "ID")]
        expert: String,
        /// The sheet file to write; an existing file is kept unless --force.
        #[arg(short = 'o', long, value_name = "FILE")]
        out: PathBuf,
        /// The expert's private key file (default: ID.key in the current folder).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// Replace FILE if it exists (an earlier sheet there is lost).
        #[arg(long)]
        force: bool,
    },
    /// One line per sheet: ok, superseded, or why it fails; exit 1 on any failure.
    Verify {
        #[arg(long, value_name = "DIR")]
        campaign: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Rebuild an expert's scores from their own sheet.
    Import {
        #[arg(long)]
        expert: String,
        sheet: PathBuf,
    },
    /// Rebuild the store from its journal.
    Recover,
    /// Deterministic merge, aggregate and rank.
    Merge {
        #[arg(long, value_name = "DIR")]
        campaign: PathBuf,
        #[arg(required = true)]
        sheets: Vec<PathBuf>,
        #[arg(short = 'o', long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Result tables and records from a merge.
    Report {
        merged: PathBuf,
        #[arg(long, value_enum)]
        kind: ReportKind,
        #[arg(long, value_enum)]
        format: ReportFormat,
        #[arg(short = 'o', long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The interface's fuzzy and pinyin search, one match a line.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Check or list the hash-chained audit log.
    Audit {
        #[command(subcommand)]
        what: AuditCommand,
    },
    /// A synthetic campaign in the fixtures' format; same seed, same bytes.
    Gen {
        #[arg(long)]
        apps: usize,
        #[arg(long)]
        experts: usize,
        #[arg(long, value_enum, default_value = "panels")]
        assign: AssignMode,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Signature algorithm of the generated keys and sheets.
        #[arg(long, value_enum, default_value = "sm2")]
        sig: SigArg,
        #[arg(short = 'o', long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Configuration and where each value comes from.
    Config {
        #[command(subcommand)]
        what: ConfigCommand,
    },
    /// Shell completions.
    Completions {
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// The man page (roff) on standard output.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum DecideCommand {
    /// Let a blocking finding stand aside (chair).
    Override {
        /// Rule id, such as C1 or E5.
        rule: String,
        app: String,
        #[arg(long)]
        expert: Option<String>,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Confirm an E6 or C5 suspicion.
    Confirm {
        rule: String,
        app: String,
        #[arg(long)]
        other: Option<String>,
        #[arg(long)]
        expert: Option<String>,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Dismiss an E6 or C5 suspicion.
    Dismiss {
        rule: String,
        app: String,
        #[arg(long)]
        other: Option<String>,
        #[arg(long)]
        expert: Option<String>,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Open a new scoring round for a panel (chair).
    Round {
        panel: String,
        round: u32,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the chain; names the first broken link.
    Verify,
    /// List the entries.
    Show,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// The merged configuration and where each value came from.
    Show,
}
