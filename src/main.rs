//! pingshen's entry point: parse the command line and dispatch; nothing else.

use clap::Parser;
use pingshen::cli::{AuditCommand, Cli, Command, ConfigCommand, LangArg};
use pingshen::commands::{self, Ctx, Failure};
use pingshen::config::Config;
use pingshen::i18n::Lang;
use pingshen::logging;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang_flag = cli.lang.map(|l| if l == LangArg::En { "en" } else { "zh" });
    let config = match Config::load(cli.db.as_deref(), lang_flag) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pingshen: {e}");
            return ExitCode::from(1);
        }
    };
    let _log = logging::init(cli.verbose);
    let lang = if config.lang.value == "en" {
        Lang::En
    } else {
        Lang::Zh
    };
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

fn not_yet(name: &str) -> Result<(), Failure> {
    Err(Failure::refused(format!(
        "`{name}` is declared but not built yet in this version of pingshen"
    )))
}

fn dispatch(ctx: &Ctx, command: Command) -> Result<(), Failure> {
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
            out,
        } => commands::gen::run(
            ctx,
            apps,
            experts,
            assign == pingshen::cli::AssignMode::All,
            seed,
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
        Command::Triage { .. } => not_yet("triage"),
        Command::Assign { .. } => not_yet("assign"),
        Command::Package { .. } => not_yet("package"),
        Command::Tui {
            expert,
            chair,
            triage,
        } => commands::tui::run(ctx, expert.as_deref(), chair, triage),
        Command::Decide { .. } => not_yet("decide"),
        Command::Receive { .. } => not_yet("receive"),
        Command::Keygen { .. } => not_yet("keygen"),
        Command::Export { .. } => not_yet("export"),
        Command::Verify { .. } => not_yet("verify"),
        Command::Import { .. } => not_yet("import"),
        Command::Merge {
            campaign,
            sheets,
            out,
        } => commands::merge::run(ctx, &campaign, &sheets, &out),
        Command::Report { .. } => not_yet("report"),
        Command::Search { query, limit } => commands::search::run(ctx, &query, limit),
        Command::Config {
            what: ConfigCommand::Show,
        } => commands::meta::config_show(&ctx.config),
        Command::Completions { shell } => commands::meta::completions(shell),
        Command::Man => commands::meta::man(),
    }
}
