//! pingshen's entry point: parse the command line and dispatch; nothing else.

use clap::{CommandFactory, Parser};
use pingshen::cli::{AuditCommand, Cli, Command, ConfigCommand, LangArg};
use pingshen::commands::{self, Ctx, Failure};
use pingshen::config::Config;
use pingshen::i18n::Lang;
use pingshen::logging;
use std::ffi::OsString;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Like other Unix tools, stop quietly when the reader of our output goes away
    // (`pingshen check | head`) instead of failing to print.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    // The language is needed before the command line is parsed, for its help and its
    // mistakes: `--lang` as written, else the config file (read here, once) and $LANG.
    let unflagged = Config::load_unflagged();
    let written = lang_written(&args);
    let lang = match (&unflagged, written) {
        (_, Some(l)) => l,
        (Ok(c), None) if c.lang.value == "en" => Lang::En,
        (Ok(_), None) => Lang::Zh,
        (Err(_), None) => Lang::detect(None),
    };
    let cli = match parse(&args, lang) {
        Ok(cli) => cli,
        Err(e) => return parse_error(e, lang, &args),
    };
    let lang_flag = cli.lang.map(|l| if l == LangArg::En { "en" } else { "zh" });
    // clap fills `--db` from $PINGSHEN_DB too; a value the environment gave is not a flag
    // (so `config show` names its true source).
    let db_flag = cli
        .db
        .as_deref()
        .filter(|d| std::env::var_os("PINGSHEN_DB").as_deref() != Some(d.as_os_str()));
    let config = match unflagged {
        Ok(c) => c.with_flags(db_flag, lang_flag),
        Err(e) => {
            // The file that would say the language is the one in error: the flag or the
            // environment says it.
            eprintln!("pingshen: {}", e.message(Lang::detect(cli.lang)));
            return ExitCode::from(1);
        }
    };
    let _log = logging::init(cli.verbose);
    let lang = if config.lang.value == "en" {
        Lang::En
    } else {
        Lang::Zh
    };
    lang.set_for_run();
    let ctx = Ctx {
        db: config.db.value.clone(),
        lang,
        config,
    };
    tracing::info!(command = ?std::env::args().nth(1), "start");
    match dispatch(&ctx, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            tracing::warn!(code = f.code, message = %f.message, "refused");
            eprintln!("pingshen: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

/// `--lang` as written on the command line (before a lone `--`), when it is zh or en.
fn lang_written(args: &[OsString]) -> Option<Lang> {
    let args: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str().unwrap_or(""))
        .take_while(|a| *a != "--")
        .collect();
    let value = args.iter().enumerate().find_map(|(i, a)| match *a {
        "--lang" => args.get(i + 1).copied(),
        _ => a.strip_prefix("--lang="),
    });
    match value {
        Some("zh") => Some(Lang::Zh),
        Some("en") => Some(Lang::En),
        _ => None,
    }
}

/// The command line, parsed by the declaration in cli.rs. The help clap shows (for `--help`,
/// `help`, or a command given nothing) is in Chinese in a Chinese run: that command line is
/// parsed again with the localised command, which renders it; other runs never pay for
/// building it.
fn parse(args: &[OsString], lang: Lang) -> Result<Cli, clap::Error> {
    use clap::error::ErrorKind;
    let e = match Cli::try_parse_from(args) {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    let help = matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !(help && lang.is_zh()) {
        return Err(e);
    }
    let mut cmd = pingshen::cli_zh::localised(Cli::command());
    match cmd.try_get_matches_from_mut(args) {
        Err(zh) if zh.kind() == e.kind() => Err(zh),
        _ => Err(e),
    }
}

/// A command line clap refused: said in the run's language, or printed by clap (help,
/// version).
fn parse_error(e: clap::Error, lang: Lang, args: &[OsString]) -> ExitCode {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match pingshen::cli::parse_error(&e, lang, &args) {
        Some(message) => {
            eprintln!("pingshen: {message}");
            ExitCode::from(2)
        }
        None => e.exit(),
    }
}

fn dispatch(ctx: &Ctx, command: Command) -> Result<(), Failure> {
    commands::refuse_bad_ids(ctx.lang, &command)?;
    match command {
        Command::Init { dir } => commands::init::run(ctx, &dir),
        Command::Pledge { expert } => commands::scoring::pledge(ctx, &expert),
        Command::Score {
            app,
            criterion,
            value,
            expert,
            comment,
            reason,
        } => commands::scoring::score(
            ctx,
            &expert,
            &app,
            &criterion,
            &value,
            comment.as_deref(),
            reason.as_deref(),
        ),
        Command::Declare {
            app,
            expert,
            reason,
        } => commands::scoring::declare(ctx, &expert, &app, &reason),
        Command::Recover => commands::recover::run(ctx),
        Command::Audit {
            what: AuditCommand::Verify,
        } => commands::audit::verify(ctx),
        Command::Audit {
            what: AuditCommand::Show,
        } => commands::audit::show(ctx),
        Command::Gen {
            apps,
            experts,
            assign,
            seed,
            sig,
            out,
        } => commands::gen::run(
            ctx,
            apps,
            experts,
            assign == pingshen::cli::AssignMode::All,
            seed,
            match sig {
                pingshen::cli::SigArg::Sm2 => pingshen::keys::Algorithm::Sm2Sm3,
                pingshen::cli::SigArg::Ed25519 => pingshen::keys::Algorithm::Ed25519,
            },
            &out,
        ),
        Command::Demo { chair } => commands::demo::run(ctx, chair),
        Command::Intake {
            xlsx,
            campaign,
            docs,
        } => commands::intake::run(ctx, &xlsx, &campaign, docs.as_deref()),
        Command::Check {
            format,
            expert,
            app,
            campaign,
        } => commands::check::run(
            ctx,
            format,
            expert.as_deref(),
            app.as_deref(),
            campaign.as_deref(),
        ),
        Command::Triage {
            app,
            verdict,
            reason,
            key,
            campaign,
        } => commands::decide::triage(ctx, &app, verdict, &reason, &key, campaign.as_deref()),
        Command::Assign {
            seed,
            panel_size,
            reserves,
            key,
            campaign,
            redraw,
            reason,
        } => commands::assign::run(
            ctx,
            seed,
            panel_size,
            reserves,
            key.as_deref(),
            campaign.as_deref(),
            reason.as_deref().filter(|_| redraw),
        ),
        Command::Package {
            expert,
            out,
            key,
            campaign,
        } => commands::package::run(ctx, &expert, &out, key.as_deref(), campaign.as_deref()),
        Command::Tui {
            expert,
            chair,
            triage,
            key,
            campaign,
            sheets,
        } => commands::tui::run(
            ctx,
            commands::tui::TuiArgs {
                expert: expert.as_deref(),
                chair,
                triage,
                key: key.as_deref(),
                campaign: campaign.as_deref(),
                sheets: &sheets,
            },
        ),
        Command::Decide { what } => commands::decide::decide(ctx, what),
        Command::Receive { files } => commands::receive::run(ctx, &files),
        Command::Keygen {
            role,
            id,
            sig,
            out,
            passphrase_env,
        } => commands::keygen::run(
            ctx,
            role,
            &id,
            sig,
            out.as_deref(),
            passphrase_env.as_deref(),
        ),
        Command::Export {
            expert,
            out,
            key,
            force,
        } => commands::export::run(ctx, &expert, &out, key.as_deref(), force),
        Command::Verify { campaign, files } => commands::verify::run(ctx, &campaign, &files),
        Command::Import { expert, sheet } => commands::import::run(ctx, &expert, &sheet),
        Command::Merge {
            campaign,
            sheets,
            out,
        } => commands::merge::run(ctx, &campaign, &sheets, &out),
        Command::Report {
            merged,
            kind,
            format,
            out,
        } => commands::report::run(ctx, &merged, kind, format, &out),
        Command::Search { query, limit } => commands::search::run(ctx, &query, limit),
        Command::Config {
            what: ConfigCommand::Show,
        } => commands::meta::config_show(&ctx.config, ctx.lang),
        Command::Completions { shell } => commands::meta::completions(shell),
        Command::Man => commands::meta::man(ctx.lang),
    }
}
