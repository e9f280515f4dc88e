"""Seed the directory's taxonomies (partner categories, target groups, capacity) and the
referral deadlines as dated parameters. Identifiers are derived from fixed names (see
kmb.network.taxonomy), so every installation has the same ones."""

import uuid
from datetime import date

from django.db import migrations

NAMESPACE = uuid.UUID("6b1d2f0e-3c4a-4f5b-9e8d-7a6c5b4a3f21")

TAXONOMIES = {
    "categories": ("Kategorie partnerů KMB", "Kinds of partner services a housing contact "
                   "point refers to."),
    "target-groups": ("Cílové skupiny KMB", "Whom a service is for."),
    "capacity": ("Kapacita služby", "Whether a service takes referrals now; the value of "
                 "the attribute is the day this was last confirmed."),
}

TERMS = {
    "categories": [
        ("debt_counselling", "Dluhové poradenství", "Debt counselling",
         "Боргове консультування"),
        ("insolvency", "Pomoc s oddlužením (insolvence)", "Insolvency help",
         "Допомога з інсолвенцією"),
        ("legal_counselling", "Právní poradenství", "Legal counselling",
         "Юридичні консультації"),
        ("social_counselling", "Sociální poradenství", "Social counselling",
         "Соціальне консультування"),
        ("field_social_work", "Terénní sociální práce", "Field social work",
         "Соціальна робота в громаді"),
        ("shelters", "Noclehárny a nízkoprahová zařízení", "Shelters and night shelters",
         "Нічліжки та притулки"),
        ("asylum_houses", "Azylové domy", "Asylum houses", "Кризові притулки"),
        ("mental_health", "Služby pro lidi s duševním onemocněním",
         "Services for people with mental illness",
         "Послуги для людей із психічними захворюваннями"),
        ("addiction", "Adiktologické služby", "Addiction services",
         "Послуги для людей із залежностями"),
        ("domestic_violence", "Pomoc při domácím násilí", "Domestic-violence help",
         "Допомога при домашньому насильстві"),
        ("families", "Služby pro rodiny s dětmi", "Services for families with children",
         "Послуги для сімей з дітьми"),
        ("seniors", "Služby pro seniory", "Services for seniors",
         "Послуги для людей похилого віку"),
        ("foundation_funds", "Nadační fondy", "Foundation funds", "Благодійні фонди"),
        ("food_banks", "Potravinové banky", "Food banks", "Продовольчі банки"),
        ("furniture_banks", "Nábytkové banky", "Furniture banks", "Меблеві банки"),
        ("social_rental_agencies", "Sociální realitní agentury", "Social rental agencies",
         "Соціальні агентства нерухомості"),
        ("labour_office", "Úřad práce ČR", "Labour Office branches",
         "Відділення Управління праці"),
        ("municipal_departments", "Bytové a sociální odbory obcí",
         "Municipal housing and social departments",
         "Житлові та соціальні відділи муніципалітетів"),
        ("health", "Zdravotní služby", "Health services", "Медичні послуги"),
    ],
    "target-groups": [
        ("families", "Rodiny s dětmi", "Families with children", "Сім'ї з дітьми"),
        ("single_parents", "Samoživitelé", "Single parents", "Одинокі батьки"),
        ("seniors", "Senioři", "Seniors", "Люди похилого віку"),
        ("young_adults", "Mladí dospělí, i po odchodu z ústavní péče",
         "Young adults, also leaving care", "Молоді дорослі, зокрема після виходу з інтернату"),
        ("homeless", "Lidé bez domova", "People who are homeless", "Бездомні люди"),
        ("at_risk", "Lidé ohrožení ztrátou bydlení", "People at risk of losing their home",
         "Люди під загрозою втрати житла"),
        ("indebted", "Lidé v dluzích a exekucích", "People with debts and enforcement",
         "Люди з боргами та виконавчими провадженнями"),
        ("disability", "Lidé se zdravotním postižením", "People with disabilities",
         "Люди з інвалідністю"),
        ("mental_illness", "Lidé s duševním onemocněním", "People with mental illness",
         "Люди з психічними захворюваннями"),
        ("addiction", "Lidé se závislostí", "People with an addiction",
         "Люди із залежністю"),
        ("violence", "Oběti domácího násilí", "Victims of domestic violence",
         "Постраждалі від домашнього насильства"),
        ("migrants", "Cizinci a lidé prchající před válkou",
         "Foreigners and people fleeing war", "Іноземці та люди, що тікають від війни"),
        ("released", "Lidé po výkonu trestu", "People released from prison",
         "Люди після звільнення з місць позбавлення волі"),
    ],
    "capacity": [
        ("taking", "Přijímá klienty", "Taking referrals", "Приймає клієнтів"),
        ("waiting_list", "Pořadník", "Waiting list", "Список очікування"),
        ("not_taking", "Nepřijímá klienty", "Not taking referrals", "Не приймає клієнтів"),
    ],
}

PARAMETERS = [
    ("referral.expiry_working_days", 5,
     "Working days a partner has to answer a referral before it expires and returns to "
     "the adviser."),
    ("referral.reminder_working_days", 1,
     "A reminder goes to the partner this many working days before a referral expires."),
    ("referral.link_valid_days", 90,
     "Days a partner's link to a referral stays valid (to answer and later record the "
     "outcome)."),
]


def load(apps, schema_editor):
    Taxonomy = apps.get_model("network", "Taxonomy")
    TaxonomyTerm = apps.get_model("network", "TaxonomyTerm")
    DatedParameter = apps.get_model("core", "DatedParameter")
    for key, (name, description) in TAXONOMIES.items():
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=uuid.uuid5(NAMESPACE, f"taxonomy/{key}"),
            defaults={"name": name, "description": description,
                      "uri": f"urn:kmb:taxonomy:{key}", "version": "1"})
        for code, cs, en, uk in TERMS[key]:
            TaxonomyTerm.objects.update_or_create(
                id=uuid.uuid5(NAMESPACE, f"taxonomy/{key}/{code}"),
                defaults={"code": code, "name": cs, "name_en": en, "name_uk": uk,
                          "description": en, "taxonomy": name, "taxonomy_detail": taxonomy,
                          "language": "cs", "term_uri": f"urn:kmb:taxonomy:{key}:{code}"})
    for key, value, description in PARAMETERS:
        DatedParameter.objects.get_or_create(
            key=key, valid_from=date(2020, 1, 1),
            defaults={"value": value, "description": description,
                      "source": "Practice of the contact points; set by the office."})


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("core", "0003_parameter_description_text")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
