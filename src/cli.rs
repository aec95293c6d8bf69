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
        /// The campaign folder the applications are added to.
        #[arg(long, value_name = "DIR")]
        campaign: PathBuf,
        /// Folder with the structured 申报书 files and original documents.
        #[arg(long, value_name = "DIR")]
        docs: Option<PathBuf>,
    },
    /// Formal-review and conflict findings; exit 1 if any is blocking.
    Check {
        /// Text for reading, or JSON (its fields: docs/check-json.md).
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
        /// Only this expert's conflicts, and the failed applications of their panels.
        #[arg(long, value_name = "ID")]
        expert: Option<String>,
        /// Only this application: its formal review and every expert's conflicts with it.
        #[arg(long, value_name = "ID")]
        app: Option<String>,
        /// The campaign directory (default: the store's campaign).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// The secretariat's signed formal-review verdict on one application.
    Triage {
        /// The application's id, such as A051.
        app: String,
        /// The verdict: fail takes the application out of review; info only notes a point.
        #[arg(value_enum)]
        verdict: Verdict,
        /// Why, in a sentence; it is signed with the verdict.
        #[arg(long)]
        reason: String,
        /// The secretariat's private key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The campaign folder (default: the store's campaign).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Draw each panel's experts and reserves (a signed decision).
    Assign {
        /// The draw's seed: the same seed and campaign give the same draw.
        #[arg(long)]
        seed: u64,
        /// Experts drawn for each panel.
        #[arg(long)]
        panel_size: usize,
        /// Reserves drawn for each panel, besides its experts.
        #[arg(long, default_value_t = 0)]
        reserves: usize,
        /// The secretariat's private key file, to sign the draw.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// The campaign folder (default: the store's campaign).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
        /// Draw again although a signed draw exists; the new draw replaces it (needs --reason).
        #[arg(long, requires = "reason")]
        redraw: bool,
        /// Why the draw is made again (with --redraw); signed with the new draw.
        #[arg(long, requires = "redraw", value_name = "TEXT")]
        reason: Option<String>,
    },
    /// One expert's package: their assigned, unconflicted applications, signed.
    Package {
        /// The expert the package is for.
        #[arg(long, value_name = "ID")]
        expert: String,
        /// A new (or empty) folder to write the package into.
        #[arg(short = 'o', long, value_name = "DIR")]
        out: PathBuf,
        /// The secretariat's private key file, to sign the package.
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// The campaign folder, whose documents the package carries (default: the store).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// The interactive application.
    Tui {
        /// Score as this expert.
        #[arg(long, value_name = "ID", conflicts_with_all = ["chair", "triage"])]
        expert: Option<String>,
        /// The chair's view over a merge of SHEETs (with --campaign).
        #[arg(long, conflicts_with = "triage")]
        chair: bool,
        /// The secretariat's formal-review view, to sign triage verdicts.
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
        /// The expert acknowledging it.
        #[arg(long, value_name = "ID")]
        expert: String,
    },
    /// Record one score, with the same checks as the interface.
    Score {
        /// The application's id, such as A001.
        app: String,
        /// The rubric criterion's id, such as innovation.
        criterion: String,
        /// Points, such as 23 or 22.5.
        value: String,
        /// The expert scoring.
        #[arg(long, value_name = "ID")]
        expert: String,
        /// A comment kept with the score and signed in the sheet.
        #[arg(long)]
        comment: Option<String>,
        /// Why a score changed from the round before (round 2 on).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Declare a conflict of interest with an application.
    Declare {
        /// The application's id, such as A001.
        app: String,
        /// The expert declaring the conflict.
        #[arg(long, value_name = "ID")]
        expert: String,
        /// The relation, in a sentence (a later declaration replaces it).
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
        /// Signed decision files (.json) from the chair or the secretariat.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Make a key pair.
    Keygen {
        /// Whose key: an expert's, the chair's or the secretariat's.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The key's id (an expert's is their expert id): letters, digits, - and _.
        #[arg(long)]
        id: String,
        /// Signature algorithm: SM2 with SM3 (the national standard), or Ed25519.
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
        /// The campaign folder the sheets were made for (its keys.toml and decisions).
        #[arg(long, value_name = "DIR")]
        campaign: PathBuf,
        /// Signed score sheets (.json).
        #[arg(required = true, value_name = "SHEET")]
        files: Vec<PathBuf>,
    },
    /// Rebuild an expert's scores from their own sheet.
    Import {
        /// The expert whose sheet it is.
        #[arg(long, value_name = "ID")]
        expert: String,
        /// The expert's own signed sheet (.json).
        sheet: PathBuf,
    },
    /// Rebuild the store from its journal.
    Recover,
    /// Deterministic merge, aggregate and rank.
    Merge {
        /// The campaign folder the sheets were made for (its keys.toml and decisions).
        #[arg(long, value_name = "DIR")]
        campaign: PathBuf,
        /// Signed score sheets (.json); for each expert the latest revision counts.
        #[arg(required = true, value_name = "SHEET")]
        sheets: Vec<PathBuf>,
        /// The merge output to write (JSON).
        #[arg(short = 'o', long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Result tables and records from a merge.
    Report {
        /// The file `pingshen merge -o` wrote.
        #[arg(value_name = "MERGED")]
        merged: PathBuf,
        /// results (ranked tables), personal (each expert's scores) or minutes.
        #[arg(long, value_enum)]
        kind: ReportKind,
        /// The file format.
        #[arg(long, value_enum)]
        format: ReportFormat,
        /// The report file to write.
        #[arg(short = 'o', long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The interface's fuzzy and pinyin search, one match a line.
    Search {
        /// Words, an id, or pinyin initials (such as aqpt for 安全平台).
        query: String,
        /// The most matches to show.
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
        /// How many applications.
        #[arg(long)]
        apps: usize,
        /// How many experts.
        #[arg(long)]
        experts: usize,
        /// Sheets scored by each panel's experts, or by every expert for every application.
        #[arg(long, value_enum, default_value = "panels")]
        assign: AssignMode,
        /// The generator's seed: the same seed gives the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Signature algorithm of the generated keys and sheets.
        #[arg(long, value_enum, default_value = "sm2")]
        sig: SigArg,
        /// A new (or empty) folder to write the campaign into.
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
        /// The shell to complete for.
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
        /// The application's id.
        app: String,
        /// The expert, for a conflict (C1-C6).
        #[arg(long, value_name = "ID")]
        expert: Option<String>,
        /// Why, in a sentence; it is signed with the decision.
        #[arg(long)]
        reason: String,
        /// The chair's private key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The campaign folder (default: the store's campaign).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Confirm an E6 or C5 suspicion.
    Confirm {
        /// E6 or C5.
        rule: String,
        /// The application's id.
        app: String,
        /// For E6 (required): the other application of the suspected pair.
        #[arg(long, value_name = "ID")]
        other: Option<String>,
        /// For C5 (required): the expert.
        #[arg(long, value_name = "ID")]
        expert: Option<String>,
        /// Why, in a sentence; it is signed with the decision.
        #[arg(long)]
        reason: String,
        /// The chair's or the secretariat's private key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The campaign folder (default: the store's campaign).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Dismiss an E6 or C5 suspicion.
    Dismiss {
        /// E6 or C5.
        rule: String,
        /// The application's id.
        app: String,
        /// For E6 (required): the other application of the suspected pair.
        #[arg(long, value_name = "ID")]
        other: Option<String>,
        /// For C5 (required): the expert.
        #[arg(long, value_name = "ID")]
        expert: Option<String>,
        /// Why, in a sentence; it is signed with the decision.
        #[arg(long)]
        reason: String,
        /// The chair's or the secretariat's private key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The campaign folder (default: the store's campaign).
        #[arg(long, value_name = "DIR")]
        campaign: Option<PathBuf>,
    },
    /// Open a new scoring round for a panel (chair).
    Round {
        /// The panel's id, such as P1.
        panel: String,
        /// The round to open (2 or more).
        round: u32,
        /// Why, in a sentence; it is signed with the decision.
        #[arg(long)]
        reason: String,
        /// The chair's private key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The campaign folder (default: the store's campaign).
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

/// clap's refusal of a command line, said in `lang`, followed by the plain usage of the
/// command given. clap's own text is English only, and its usage line after an error lists
/// the options that were given (`--campaign <DIR> --db <PATH>`, the latter even from the
/// environment) as if they were required. `None` for what clap should print itself: help,
/// the version, and the rare kinds not worded here.
pub fn parse_error(e: &clap::Error, lang: crate::i18n::Lang, args: &[String]) -> Option<String> {
    use clap::error::{ContextKind as K, ContextValue as V, ErrorKind as E};
    let one = |k: K| match e.get(k) {
        Some(V::String(s)) => Some(s.clone()),
        Some(V::Strings(v)) => v.first().cloned(),
        _ => None,
    };
    let list = |k: K, sep: &str| match e.get(k) {
        Some(V::Strings(v)) => v.join(sep),
        Some(V::String(s)) => s.clone(),
        _ => String::new(),
    };
    let zh = lang.is_zh();
    let say = |z: String, en: String| if zh { z } else { en };
    let arg = one(K::InvalidArg).unwrap_or_default();
    let value = one(K::InvalidValue).unwrap_or_default();
    let suggestion = one(K::SuggestedArg).or_else(|| one(K::SuggestedSubcommand));
    let mut message = match e.kind() {
        E::ArgumentConflict => {
            let prior = one(K::PriorArg).unwrap_or_default();
            if prior == arg || prior.is_empty() {
                say(
                    format!("参数 `{arg}` 只能用一次"),
                    format!("the argument `{arg}` cannot be given more than once"),
                )
            } else {
                say(
                    format!("参数 `{arg}` 不能与 `{prior}` 同时使用"),
                    format!("the argument `{arg}` cannot be used with `{prior}`"),
                )
            }
        }
        E::NoEquals => say(
            format!("给 `{arg}` 赋值须用等号（{arg}=值）"),
            format!("`{arg}` takes its value after an equals sign ({arg}=VALUE)"),
        ),
        E::InvalidValue if value.is_empty() => say(
            format!("`{arg}` 需要一个值，但没有给出"),
            format!("`{arg}` needs a value, but none was given"),
        ),
        E::InvalidValue => {
            let (vz, ve) = (list(K::ValidValue, "、"), list(K::ValidValue, ", "));
            say(
                format!("`{value}` 不是 `{arg}` 的有效取值（可选：{vz}）"),
                format!("`{value}` is not a valid value for `{arg}` (possible values: {ve})"),
            )
        }
        E::ValueValidation => {
            let number = std::error::Error::source(e)
                .is_some_and(|s| s.downcast_ref::<std::num::ParseIntError>().is_some());
            if number {
                say(
                    format!("`{value}` 不是 `{arg}` 的有效取值：须为不带小数的非负整数"),
                    format!(
                        "`{value}` is not a valid value for `{arg}`: it must be a whole number"
                    ),
                )
            } else {
                say(
                    format!("`{value}` 不是 `{arg}` 的有效取值"),
                    format!("`{value}` is not a valid value for `{arg}`"),
                )
            }
        }
        E::InvalidSubcommand => {
            let sub = one(K::InvalidSubcommand).unwrap_or_default();
            say(
                format!("没有 `{sub}` 这个命令"),
                format!("there is no command `{sub}`"),
            )
        }
        E::UnknownArgument => say(
            format!("没有参数 `{arg}`"),
            format!("there is no argument `{arg}` here"),
        ),
        E::MissingRequiredArgument => say(
            format!("缺少必需的参数：{}", list(K::InvalidArg, "、")),
            format!(
                "missing required argument(s): {}",
                list(K::InvalidArg, ", ")
            ),
        ),
        E::MissingSubcommand => {
            let sub = one(K::InvalidSubcommand).unwrap_or_default();
            say(
                format!(
                    "`{sub}` 后面须跟一个子命令（{}）",
                    list(K::ValidSubcommand, "、")
                ),
                format!(
                    "`{sub}` needs a subcommand ({})",
                    list(K::ValidSubcommand, ", ")
                ),
            )
        }
        E::TooManyValues => say(
            format!("多余的值 `{value}`（`{arg}` 只取一个值）"),
            format!("unexpected value `{value}` for `{arg}`; it takes no more"),
        ),
        E::TooFewValues | E::WrongNumberOfValues => say(
            format!("`{arg}` 的值的个数不对"),
            format!("`{arg}` has the wrong number of values"),
        ),
        E::InvalidUtf8 => say(
            "命令行中有参数不是有效的 UTF-8 文本".into(),
            "an argument on the command line is not valid UTF-8".into(),
        ),
        _ => return None,
    };
    if let Some(s) = suggestion {
        message.push_str(&say(
            format!("；你是想用 `{s}` 吗？"),
            format!("; did you mean `{s}`?"),
        ));
    }
    let (usage, path) = usage_of(args);
    Some(say(
        format!("{message}\n\n用法：{usage}\n更多信息请用 `{path} --help`"),
        format!("{message}\n\nUsage: {usage}\nFor more information, try `{path} --help`"),
    ))
}

/// The usage line of the (sub)command `args` name, as `--help` gives it, and its path
/// (`pingshen decide override`).
fn usage_of(args: &[String]) -> (String, String) {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    cmd.build();
    let mut current = &cmd;
    let mut path = vec!["pingshen".to_string()];
    for a in args.iter().skip(1).filter(|a| !a.starts_with('-')) {
        if let Some(sub) = current.find_subcommand(a) {
            path.push(sub.get_name().to_string());
            current = sub;
        }
    }
    let usage = current.clone().render_usage().to_string();
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .to_string();
    (usage, path.join(" "))
}
