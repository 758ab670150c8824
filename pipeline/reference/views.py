"""The views that put what councils told their committees beside the official figures.

Plain SQL views, so they stay live as documents are added and work the same in Datasette,
``sqlite3`` and ``sqlite-utils``. :mod:`pipeline.reference` creates them with the tables.

- ``caseload_checks``: every extracted caseload figure of kind ``reported`` beside the DfE
  ``caseload_fte`` for the document's council and the census year nearest the figure.
- ``rating_checks``: every extracted Ofsted judgement beside the official ILACS judgement of the
  inspection it refers to (same council, inspection or publication year, judgement area).
- ``council_timeline``: per council, what its papers reported next to the official series.

Choosing the year. A figure's year is the latest year (1990-2045) written in its ``period``
("September 2019", "2019/20"), else its document's year. The DfE census is a 30 September snapshot, so a
figure from January to March is nearest the previous September's census; the census year is
then kept inside the published series, but a figure from before the series starts (or more than
a year after it ends) gets a NULL official value and a status saying why, never a wrong year.
"""

from __future__ import annotations

#: Printed judgement areas -> the ILACS area they correspond to; first matching pattern wins.
#: Patterns are SQLite LIKE patterns on the lower-cased area. Areas that ILACS does not judge
#: (adoption, the LSCB) match nothing, and their checks say so.
AREA_SYNONYMS: list[tuple[str, str]] = [
    ("%overall%", "Overall effectiveness"),
    ("%in care%leaver%", "The experiences and progress of children in care"),
    ("%looked after%leaver%", "The experiences and progress of children in care"),
    ("%care leaver%", "The experiences and progress of care leavers"),
    ("%leaving care%", "The experiences and progress of care leavers"),
    ("%help and protection%", "The experiences and progress of children who need help and protection"),
    ("%need of help%", "The experiences and progress of children who need help and protection"),
    ("%need help%", "The experiences and progress of children who need help and protection"),
    ("%protection%", "The experiences and progress of children who need help and protection"),
    ("%children in care%", "The experiences and progress of children in care"),
    ("%looked after%", "The experiences and progress of children in care"),
    ("%looked-after%", "The experiences and progress of children in care"),
    ("%permanence%", "The experiences and progress of children in care"),
    ("%leader%", "The impact of leaders on social work practice with children and families"),
    ("%management%", "The impact of leaders on social work practice with children and families"),
    ("%governance%", "The impact of leaders on social work practice with children and families"),
]

#: The latest year (1990-2045) written in a caseload's period: a CASE over candidate years, latest
#: first, because a correlated subquery over a years table is re-run per row and per reference
#: and made the view a hundred times slower on a large corpus.
_PERIOD_YEAR = (
    "case " + " ".join(f"when instr(c.period, '{y}') then {y}" for y in range(2045, 1989, -1)) + " end"
)

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september"]
_MONTHS += ["october", "november", "december"]
_PERIOD_MONTH = (
    "case "
    + " ".join(f"when lower(c.period) like '%{m}%' then {n}" for n, m in enumerate(_MONTHS, 1))
    + " end"
)

#: The year and month of each distinct period are worked out once (``periods``), not once per figure
#: and per use: SQLite copies a view's column expressions into every place that uses them, and the
#: year and month were used in several, which made the view several times slower on a large corpus.
CASELOAD_CHECKS = f"""
create view caseload_checks as
with series as (select min(year) as first_year, max(year) as last_year from official_workforce),
periods as (
  select c.period,
    min(case when c.period glob '*[12][0-9][0-9][0-9]*' then {_PERIOD_YEAR} end) as period_year,
    min({_PERIOD_MONTH}) as period_month
  from (select distinct period from caseloads) c
  group by c.period
),
figures as (
  select c.id as caseload_id, c.document_id, d.council_id, d.date as document_date,
    d.title as document_title, c.period, c.low, c.high, c.role, c.page, c.quote,
    case when c.high is null or c.high = c.low then c.low else (c.low + c.high) / 2.0 end as reported,
    p.period_year, p.period_month,
    coalesce(d.year, cast(nullif(substr(d.date, 1, 4), '') as integer)) as document_year,
    cast(nullif(substr(d.date, 6, 2), '') as integer) as document_month
  from caseloads c
    join documents d on d.id = c.document_id
    left join periods p on p.period = c.period
  where c.kind = 'reported'
),
dated as (
  select f.*, coalesce(period_year, document_year) as figure_year,
    case when period_year is not null then period_month
      else coalesce(period_month, document_month) end as figure_month
  from figures f
),
targeted as (
  select t.*, s.first_year, s.last_year,
    case when t.figure_year between s.first_year and s.last_year + 1
      then max(s.first_year, min(s.last_year,
        t.figure_year - coalesce(t.figure_month between 1 and 3, 0))) end as census_year
  from dated t, series s
)
select t.caseload_id, t.document_id, t.council_id, co.name as council, t.document_date,
  t.document_title, t.role, t.low, t.high, t.reported, t.period, t.figure_year, t.census_year,
  case when w.reported_jointly_as is null then w.caseload_fte end as official_caseload_fte,
  case when w.reported_jointly_as is null then round(t.reported - w.caseload_fte, 1) end as difference,
  case
    when t.figure_year is null then 'no official figure (no date for this figure)'
    when t.first_year is null then 'no official figure (reference data not loaded)'
    when t.figure_year < t.first_year
      then 'no official figure (DfE series starts ' || t.first_year || ')'
    when t.figure_year > t.last_year + 1
      then 'no official figure (latest DfE census is ' || t.last_year || ')'
    when t.council_id is null then 'no official figure (council not identified)'
    when w.id is null then 'no official figure (none published for this council in ' || t.census_year || ')'
    when w.reported_jointly_as is not null then 'no official figure (DfE publishes one joint figure, '
      || w.caseload_fte || ', for ' || w.reported_jointly_as || ')'
    when w.caseload_fte is null then 'no official figure (suppressed in the DfE data)'
    else 'compared'
  end as status,
  t.page, t.quote
from targeted t
left join councils co on co.id = t.council_id
left join official_workforce w on w.council_id = t.council_id and w.year = t.census_year
"""

#: The council a judgement is about: its own council_id, else the one council whose name or area the
#: subject is, else the document's council when the subject is the document's council or not given.
_RATING_COUNCIL = """coalesce(
      r.council_id,
      (select min(co.id) from councils co where r.subject is not null
         and (lower(co.name) = lower(r.subject) or lower(co.area) = lower(r.subject))
         having count(distinct co.id) = 1),
      case when r.subject is null or lower(r.subject) = lower(d.council) then d.council_id end
    )"""

#: An official Overall effectiveness inspection of that council that the judgement can refer to: held
#: or published in its inspection year, or without a year, published by the document's date.
_CANDIDATE_INSPECTION = f"""i.council_id = {_RATING_COUNCIL}
        and i.area = 'Overall effectiveness' and i.inspection_date is not null
        and case when r.inspection_year is not null
          then r.inspection_year in (i.year, cast(substr(i.publication_date, 1, 4) as integer))
          else i.publication_date <= d.date end"""

#: Each judgement's matched inspection is the one that began on its inspection_date (an Ofsted report's
#: own judgements carry their fieldwork start, which is how Ofsted dates an inspection), else the latest
#: candidate held in its inspection year, else the latest candidate. It is joined by id, and the ILACS
#: area comes from ``areas`` (one lookup per distinct printed area), because SQLite copies a view's
#: column expressions into every place that uses them: as scalar subqueries they ran several times per
#: row, ten times slower on a large corpus.
RATING_CHECKS = f"""
create view rating_checks as
with series as (
  select min(year) as first_year, min(inspection_date) as first_date from official_inspections
),
areas as (
  select a.area, min((select s.ilacs_area from official_area_synonyms s where lower(a.area) like s.pattern
      order by s.priority, s.ilacs_area limit 1)) as ilacs_area
  from (select distinct area from ofsted_ratings) a
  group by a.area
),
matched as (
  select r.id as rating_id, r.document_id, r.subject, r.area, r.judgement, r.judgement_as_printed,
    r.inspection_year, r.inspection_date, r.page, r.quote, d.date as document_date, d.title as document_title,
    {_RATING_COUNCIL} as council_id,
    a.ilacs_area,
    best.inspection_date as official_inspection_date
  from ofsted_ratings r
    join documents d on d.id = r.document_id
    left join areas a on a.area = r.area
    left join official_inspections best on best.id = coalesce(
      (select i.id from official_inspections i
       where {_CANDIDATE_INSPECTION} and i.inspection_date = r.inspection_date limit 1),
      (select i.id from official_inspections i
       where {_CANDIDATE_INSPECTION} and i.year = r.inspection_year
       order by i.inspection_date desc limit 1),
      (select i.id from official_inspections i
       where {_CANDIDATE_INSPECTION}
       order by i.inspection_date desc limit 1))
)
select m.rating_id, m.document_id, m.document_title, m.council_id, co.name as council, m.subject,
  m.document_date, m.area, m.ilacs_area, m.inspection_year, m.inspection_date, m.judgement,
  m.judgement_as_printed,
  o.judgement as official_judgement, o.judgement_as_printed as official_judgement_as_printed,
  m.official_inspection_date, i.publication_date as official_publication_date,
  i.inspection_type as official_inspection_type,
  case
    when s.first_year is null then 'no official data (reference data not loaded)'
    when m.inspection_year < s.first_year or (m.inspection_year is null and m.document_date < s.first_date)
      then 'no official data (ILACS series starts ' || s.first_year || ')'
    when m.inspection_year is null and m.document_date is null
      then 'no official data (no inspection year or document date)'
    when m.council_id is null then 'no official data (council not identified)'
    when m.ilacs_area is null then 'no official data (area not judged under ILACS)'
    when m.official_inspection_date is null
      then 'no official data (no ILACS inspection of this council found for '
        || coalesce(m.inspection_year, 'this date') || ')'
    when o.judgement is null then 'no official data (area not judged at this inspection)'
    when lower(replace(m.judgement, ' to be good', '')) = lower(o.judgement) then 'agrees'
    else 'disagrees'
  end as status,
  m.page, m.quote
from matched m, series s
left join councils co on co.id = m.council_id
left join official_inspections i on i.council_id = m.council_id
  and i.inspection_date = m.official_inspection_date and i.area = 'Overall effectiveness'
left join official_inspections o on o.council_id = m.council_id
  and o.inspection_date = m.official_inspection_date and o.area = m.ilacs_area
"""

COUNCIL_TIMELINE = """
create view council_timeline as
select council_id, council, figure_year as year, document_date as date, 'caseload' as measure,
  'reported in papers' as series, reported as value, null as judgement, document_id, document_title, quote
from caseload_checks where council_id is not null and figure_year is not null
union all
select w.council_id, co.name, w.year, w.year || '-09-30', 'caseload',
  'official (DfE census)', w.caseload_fte, null, null, null, null
from official_workforce w join councils co on co.id = w.council_id
where w.reported_jointly_as is null and w.caseload_fte is not null
union all
select council_id, council, coalesce(inspection_year, cast(substr(document_date, 1, 4) as integer)),
  document_date, 'Ofsted overall effectiveness', 'reported in papers', null, judgement, document_id,
  document_title, quote
from rating_checks where council_id is not null and ilacs_area = 'Overall effectiveness'
  and coalesce(inspection_year, document_date) is not null
union all
select i.council_id, co.name, i.year, i.inspection_date, 'Ofsted overall effectiveness',
  'official (Ofsted ILACS)', null, i.judgement, null, null, null
from official_inspections i join councils co on co.id = i.council_id
where i.area = 'Overall effectiveness'
"""

VIEWS: dict[str, str] = {
    "caseload_checks": CASELOAD_CHECKS,
    "rating_checks": RATING_CHECKS,
    "council_timeline": COUNCIL_TIMELINE,
}
