//! Domain types of a review campaign. Nothing here knows of terminals, files or sled.

mod application;
mod campaign;
mod date;
mod decision;
mod direction;
mod expert;
mod id;
mod points;
mod recommender;
mod rubric;
mod score;
mod sorted_json;
mod unit;

pub use application::{Application, BuildStatus, Document, Member, MemberRole, Sections};
pub use campaign::{
    Campaign, Deadlines, Limits, MergeSettings, PackageInfo, Panel, Settings, FORMAT_VERSION,
};
pub use date::{Date, DateError};
pub use decision::{Decision, PanelDraw, Role, Ruling, TriageVerdict};
pub use direction::{
    direction, industry, Category, Direction, DIRECTIONS, EDUCATION_CONSORTIUM, INDUSTRIES,
    INNOVATION_PLATFORM,
};
pub use expert::{Expert, PastUnit, Relation, RelationKind};
pub use id::{id_problem, is_valid_id, MAX_ID_CHARS};
pub use points::{Points, PointsError};
pub use recommender::{Channel, Recommender, RecommenderKind};
pub use rubric::{Anchor, Criterion, Rubric, ScoreRangeError};
pub use score::{Declaration, Pledge, Score, ScoreKey};
pub use unit::{Unit, UnitKind, ZoneLevel};
