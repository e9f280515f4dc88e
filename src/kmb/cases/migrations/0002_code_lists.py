"""Default code lists: consultation topics and housing situations (with ETHOS mapping)."""

from django.db import migrations

TOPICS = [
    ("notice_to_quit", "Výpověď z nájmu", "Notice to quit", "Повідомлення про розірвання оренди"),
    ("rent_arrears", "Dluh na nájemném", "Rent arrears", "Заборгованість з оренди"),
    ("debts_enforcement", "Dluhy a exekuce", "Debts and enforcement", "Борги та виконавче провадження"),
    ("benefits", "Dávky", "Benefits", "Соціальні виплати"),
    ("looking_for_housing", "Hledání bydlení", "Looking for housing", "Пошук житла"),
    ("deposit", "Kauce", "Deposit", "Застава"),
    ("unfit_housing", "Nevyhovující bydlení", "Unfit housing", "Непридатне житло"),
    ("overcrowding", "Přelidněnost", "Overcrowding", "Перенаселеність"),
    ("domestic_violence", "Domácí násilí", "Domestic violence", "Домашнє насильство"),
    ("hostel_ending", "Konec pobytu na ubytovně", "Hostel stay ending", "Закінчення проживання в гуртожитку"),
    ("leaving_institution", "Odchod z instituce", "Leaving an institution", "Вихід з установи"),
    ("crisis", "Krizová situace", "Crisis", "Кризова ситуація"),
    ("health_social", "Zdravotní nebo sociální podpora", "Health or social support", "Медична або соціальна підтримка"),
    ("landlord_svj", "Dotaz pronajímatele nebo SVJ", "Landlord or owners' association question", "Питання орендодавця або ОСББ"),
    ("other", "Jiné", "Other", "Інше"),
]

SITUATIONS = [
    ("rough_sleeping", "Bez přístřeší, na ulici", "Living rough", "Без даху, на вулиці", "1"),
    ("night_shelter", "Noclehárna", "Night shelter", "Нічліжка", "2"),
    ("homeless_shelter", "Azylový dům", "Shelter for the homeless", "Притулок", "3"),
    ("violence_shelter", "Azylový dům pro oběti domácího násilí", "Shelter for victims of domestic violence", "Притулок для жертв домашнього насильства", "3"),
    ("halfway_house", "Dům na půl cesty, tréninkové bydlení", "Halfway house, transitional housing", "Перехідне житло", "3"),
    ("institution_leaving", "Instituce bez bydlení po odchodu (věznice, nemocnice, dětský domov)", "Institution with no housing to go to (prison, hospital, children's home)", "Установа без житла після виходу", "4"),
    ("non_conventional", "Nestandardní obydlí (chatka, karavan, garáž, squat)", "Non-conventional dwelling (hut, caravan, garage, squat)", "Нестандартне житло", "5"),
    ("family_friends", "Dočasně u příbuzných nebo známých", "Temporarily with family or friends", "Тимчасово в родичів або знайомих", "6"),
    ("commercial_hostel", "Komerční ubytovna", "Commercial hostel (ubytovna)", "Комерційний гуртожиток", "insecure"),
    ("no_lease", "Bydlení bez nájemní smlouvy", "Housing without a lease", "Житло без договору оренди", "insecure"),
    ("notice_eviction", "Byt s výpovědí nebo hrozbou vystěhování", "Flat with a notice to quit or threat of eviction", "Житло з повідомленням про виселення", "insecure"),
    ("violence_threat", "Bydlení s ohrožením násilím", "Housing under threat of violence", "Житло з загрозою насильства", "insecure"),
    ("overcrowded", "Přelidněný byt", "Overcrowded flat", "Перенаселене житло", "inadequate"),
    ("unfit", "Nevyhovující nebo nezpůsobilý byt", "Unfit dwelling", "Непридатне житло", "inadequate"),
    ("rented_secure", "Nájemní byt se smlouvou", "Rented flat with a lease", "Орендована квартира з договором", "housed"),
    ("owner", "Vlastní nebo družstevní byt či dům", "Own or cooperative flat or house", "Власне житло", "housed"),
    ("unknown", "Nezjištěno", "Not found out", "Не з'ясовано", "unknown"),
]


def load(apps, schema_editor):
    Topic = apps.get_model("cases", "Topic")
    HousingSituation = apps.get_model("cases", "HousingSituation")
    for order, (code, cs, en, uk) in enumerate(TOPICS):
        Topic.objects.update_or_create(code=code, defaults={
            "name_cs": cs, "name_en": en, "name_uk": uk, "order": order})
    for order, (code, cs, en, uk, ethos) in enumerate(SITUATIONS):
        HousingSituation.objects.update_or_create(code=code, defaults={
            "name_cs": cs, "name_en": en, "name_uk": uk, "order": order,
            "ethos_category": ethos})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
