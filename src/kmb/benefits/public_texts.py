"""Texts of the public estimate page in Czech, English and Ukrainian.

The public page speaks plainly and must be complete in all three languages on its own,
so its wording is kept here, selected by the active language (Czech by default).
"""

from __future__ import annotations

from kmb.core.i18n import current_language

TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "cs": "Spočítejte si dávku státní sociální pomoci",
        "en": "Estimate the state social assistance benefit",
        "uk": "Розрахуйте допомогу державної соціальної підтримки",
    },
    "intro": {
        "cs": "Odpovězte na několik otázek a zjistíte, kolik by vaše domácnost mohla dostat "
              "na bydlení a živobytí (tzv. superdávka). Nic neukládáme a nepotřebujete účet. "
              "Výsledek je odhad – rozhoduje Úřad práce.",
        "en": "Answer a few questions to see how much your household might get towards "
              "housing and living costs (the 'superdávka'). We store nothing and you need no "
              "account. The result is an estimate: the Labour Office decides.",
        "uk": "Дайте відповідь на кілька запитань і дізнайтеся, скільки ваше домогосподарство "
              "могло б отримати на житло та прожиття (так звана «супердопомога»). Ми нічого не "
              "зберігаємо, обліковий запис не потрібен. Результат – лише оцінка, рішення "
              "ухвалює Управління праці.",
    },
    "replaced": {
        "cs": "Dávka státní sociální pomoci nahradila od 1. října 2025 příspěvek na bydlení, "
              "doplatek na bydlení, příspěvek na živobytí a přídavek na dítě. Staré dávky se "
              "vyplácely nejdéle do července 2026, a to jen těm, kdo o ně požádali do "
              "31. prosince 2025. Dnes se počítá jen nová dávka; živobytí v ní pokrývá "
              "složka na živobytí.",
        "en": "Since 1 October 2025 the state social assistance benefit has replaced the "
              "housing allowance (příspěvek na bydlení), the housing supplement (doplatek na "
              "bydlení), the living allowance (příspěvek na živobytí) and the child benefit "
              "(přídavek na dítě). The old benefits were paid until July 2026 at the latest, "
              "and only to people who had applied by 31 December 2025. Only the new benefit "
              "is counted now; its living component (složka na živobytí) covers living "
              "costs.",
        "uk": "З 1 жовтня 2025 року допомога державної соціальної підтримки замінила "
              "допомогу на житло (příspěvek na bydlení), доплату на житло (doplatek na "
              "bydlení), допомогу на прожиття (příspěvek na živobytí) і допомогу на дитину "
              "(přídavek na dítě). Старі виплати здійснювалися щонайпізніше до липня 2026 "
              "року і лише тим, хто подав заяву до 31 грудня 2025 року. Зараз "
              "розраховується лише нова допомога; витрати на прожиття в ній покриває "
              "складова на прожиття (složka na živobytí)."},
    "replaced_source": {"cs": "Zdroj: zákon č. 151/2025 Sb., o státní sociální pomoci.",
                        "en": "Source: Act No. 151/2025 Coll., on state social assistance.",
                        "uk": "Джерело: закон № 151/2025 Sb. про державну соціальну "
                              "допомогу."},
    "where": {"cs": "Kde bydlíte", "en": "Where you live", "uk": "Де ви живете"},
    "municipality": {"cs": "Obec (nepovinné – pomůže najít kontaktní místo)",
                     "en": "Municipality (optional – helps us find a contact point)",
                     "uk": "Населений пункт (необов'язково – допоможе знайти контактне місце)"},
    "district": {"cs": "Okres", "en": "District (okres)", "uk": "Округ (okres)"},
    "choose": {"cs": "— vyberte —", "en": "— choose —", "uk": "— виберіть —"},
    "housing": {"cs": "Jak bydlíte", "en": "How you live", "uk": "Як ви живете"},
    "housing_rent": {"cs": "V nájemním bytě nebo domě (i podnájem)",
                     "en": "In a rented flat or house (also subletting)",
                     "uk": "В орендованій квартирі чи будинку (також суборенда)"},
    "housing_own": {"cs": "Ve vlastním nebo družstevním bytě či domě",
                    "en": "In my own or a cooperative flat or house",
                    "uk": "У власній або кооперативній квартирі чи будинку"},
    "housing_hostel": {"cs": "Na ubytovně", "en": "In a hostel (ubytovna)",
                       "uk": "У гуртожитку (ubytovna)"},
    "housing_other": {"cs": "Jinde (prostor, který není určen k bydlení)",
                      "en": "Elsewhere (a space not meant for living)",
                      "uk": "Деінде (приміщення, не призначене для житла)"},
    "rent": {"cs": "Kolik platíte měsíčně za nájem a služby (Kč)",
             "en": "Rent and services you pay a month (CZK)",
             "uk": "Скільки ви платите щомісяця за оренду та послуги (крон)"},
    "energy": {"cs": "Kolik platíte měsíčně za energie – elektřinu, plyn, teplo (Kč)",
               "en": "Energy you pay a month – electricity, gas, heating (CZK)",
               "uk": "Скільки ви платите щомісяця за енергію – електрику, газ, опалення (крон)"},
    "adults": {"cs": "Dospělí v domácnosti", "en": "Adults in the household",
               "uk": "Дорослі в домогосподарстві"},
    "adults_help": {"cs": "Vyplňte všechny dospělé, kteří s vámi bydlí a hospodaří. Prázdné "
                          "řádky nevadí.",
                    "en": "Fill in every adult who lives and shares costs with you. Leave "
                          "the other rows empty.",
                    "uk": "Заповніть усіх дорослих, які живуть з вами і ведуть спільне "
                          "господарство. Порожні рядки залиште."},
    "adult_n": {"cs": "Dospělý {n}", "en": "Adult {n}", "uk": "Дорослий {n}"},
    "you": {"cs": "vy", "en": "you", "uk": "ви"},
    "age": {"cs": "Věk", "en": "Age", "uk": "Вік"},
    "activity": {"cs": "Co dělá", "en": "What they do", "uk": "Чим займається"},
    "act_employed": {"cs": "pracuje jako zaměstnanec", "en": "works as an employee",
                     "uk": "працює як найманий працівник"},
    "act_self_employed": {"cs": "podniká (OSVČ)", "en": "self-employed",
                          "uk": "підприємець (OSVČ)"},
    "act_job_seeker": {"cs": "je v evidenci Úřadu práce",
                       "en": "registered at the Labour Office as a job seeker",
                       "uk": "зареєстрований в Управлінні праці як шукач роботи"},
    "act_pensioner": {"cs": "pobírá starobní důchod", "en": "receives an old-age pension",
                      "uk": "отримує пенсію за віком"},
    "act_parent": {"cs": "je doma s malým dítětem",
                   "en": "at home caring for a small child",
                   "uk": "вдома доглядає за малою дитиною"},
    "act_carer": {"cs": "pečuje o blízkého (příspěvek na péči)",
                  "en": "cares for someone who gets care allowance",
                  "uk": "доглядає за близькою людиною (допомога на догляд)"},
    "act_invalidity": {"cs": "má invalidní důchod 2. nebo 3. stupně",
                       "en": "receives an invalidity pension (2nd or 3rd degree)",
                       "uk": "отримує пенсію по інвалідності 2-го або 3-го ступеня"},
    "act_other": {"cs": "nic z toho", "en": "none of these", "uk": "нічого з цього"},
    "work_income": {"cs": "Čistý příjem z práce za měsíc (Kč)",
                    "en": "Net pay from work a month (CZK)",
                    "uk": "Чистий дохід від роботи за місяць (крон)"},
    "other_income": {"cs": "Jiné příjmy za měsíc – důchod, rodičovský příspěvek, podpora, "
                           "výživné (Kč)",
                     "en": "Other income a month – pension, parental allowance, benefits, "
                           "maintenance (CZK)",
                     "uk": "Інші доходи за місяць – пенсія, батьківська допомога, допомога по "
                           "безробіттю, аліменти (крон)"},
    "enforcement": {"cs": "Má exekuci", "en": "Has debts collected by a bailiff (exekuce)",
                    "uk": "Має виконавче провадження (exekuce)"},
    "children": {"cs": "Nezaopatřené děti", "en": "Dependent children",
                 "uk": "Діти на утриманні"},
    "children_help": {"cs": "Děti do 15 let a studenti do 26 let.",
                      "en": "Children under 15, and students up to 26.",
                      "uk": "Діти до 15 років і студенти до 26 років."},
    "children_under_6": {"cs": "Počet dětí do 6 let", "en": "Children under 6",
                         "uk": "Кількість дітей до 6 років"},
    "children_6_14": {"cs": "Počet dětí od 6 do 14 let", "en": "Children aged 6 to 14",
                      "uk": "Кількість дітей від 6 до 14 років"},
    "children_15_25": {"cs": "Počet studentů od 15 do 25 let",
                       "en": "Students aged 15 to 25",
                       "uk": "Кількість студентів від 15 до 25 років"},
    "assets": {"cs": "Majetek", "en": "Assets", "uk": "Майно"},
    "savings": {"cs": "Úspory celé domácnosti, bez penzijního a stavebního spoření (Kč, "
                      "nepovinné)",
                "en": "Savings of the whole household, without pension and building savings "
                      "(CZK, optional)",
                "uk": "Заощадження всього домогосподарства, без пенсійних і будівельних "
                      "заощаджень (крон, необов'язково)"},
    "cars": {"cs": "Počet aut (nepovinné)", "en": "Number of cars (optional)",
             "uk": "Кількість автомобілів (необов'язково)"},
    "need": {"cs": "Potřebujete teď peníze na", "en": "Do you need money now for",
             "uk": "Чи потрібні вам зараз гроші на"},
    "need_none": {"cs": "nic z toho", "en": "none of these", "uk": "нічого з цього"},
    "need_deposit": {"cs": "kauci na nový byt", "en": "a deposit for a new flat",
                     "uk": "заставу за нову квартиру"},
    "need_arrears": {"cs": "dluh na nájmu, službách nebo energiích",
                     "en": "arrears of rent, services or energy",
                     "uk": "борг за оренду, послуги чи енергію"},
    "amount_needed": {"cs": "Kolik potřebujete (Kč, nepovinné)",
                      "en": "How much you need (CZK, optional)",
                      "uk": "Скільки вам потрібно (крон, необов'язково)"},
    "submit": {"cs": "Spočítat", "en": "Estimate", "uk": "Розрахувати"},
    "errors_title": {"cs": "Opravte prosím tyto údaje:", "en": "Please correct these answers:",
                     "uk": "Будь ласка, виправте ці відповіді:"},
    # errors
    "err_number": {"cs": "Zadejte číslo.", "en": "Enter a number.", "uk": "Введіть число."},
    "err_whole": {"cs": "Zadejte celé číslo.", "en": "Enter a whole number.",
                  "uk": "Введіть ціле число."},
    "err_negative": {"cs": "Částka nemůže být záporná.", "en": "The amount cannot be negative.",
                     "uk": "Сума не може бути від'ємною."},
    "err_too_large": {"cs": "Tato částka je nepravděpodobně vysoká.",
                      "en": "This amount is implausibly high.",
                      "uk": "Ця сума неправдоподібно велика."},
    "err_age": {"cs": "Věk dospělého musí být od 18 do 120 let.",
                "en": "An adult's age must be between 18 and 120.",
                "uk": "Вік дорослого має бути від 18 до 120 років."},
    "err_count": {"cs": "Zadejte počet od 0 do 15.", "en": "Enter a number from 0 to 15.",
                  "uk": "Введіть число від 0 до 15."},
    "err_no_adult": {"cs": "Vyplňte věk alespoň u jednoho dospělého.",
                     "en": "Enter the age of at least one adult.",
                     "uk": "Вкажіть вік принаймні одного дорослого."},
    "err_age_missing": {"cs": "Vyplňte věk.", "en": "Enter the age.", "uk": "Вкажіть вік."},
    "err_place": {"cs": "Vyberte okres, nebo napište obec.",
                  "en": "Choose the district, or type the municipality.",
                  "uk": "Виберіть округ або напишіть населений пункт."},
    "err_district": {"cs": "Tento okres neznáme.", "en": "We do not know this district.",
                     "uk": "Такого округу ми не знаємо."},
    "err_municipality": {"cs": "Obec tohoto jména neznáme; vyberte okres.",
                         "en": "We do not know a municipality of this name; choose the "
                               "district.",
                         "uk": "Населеного пункту з такою назвою ми не знаємо; виберіть округ."},
    "err_ambiguous": {"cs": "Obcí tohoto jména je více; vyberte také okres.",
                      "en": "Several municipalities have this name; choose the district too.",
                      "uk": "Кілька населених пунктів мають таку назву; виберіть також округ."},
    "err_choice": {"cs": "Vyberte jednu z možností.", "en": "Choose one of the options.",
                   "uk": "Виберіть один із варіантів."},
    "err_pension": {"cs": "Napište výši důchodu do jiných příjmů.",
                    "en": "Enter the pension under other income.",
                    "uk": "Вкажіть розмір пенсії в інших доходах."},
    "err_pay": {"cs": "Napište čistý příjem z práce.", "en": "Enter the net pay from work.",
                "uk": "Вкажіть чистий дохід від роботи."},
    "err_general": {"cs": "Tento údaj nelze použít, zkontrolujte ho.",
                    "en": "This answer cannot be used; please check it.",
                    "uk": "Цю відповідь не можна використати, перевірте її."},
    # result
    "result": {"cs": "Výsledek odhadu", "en": "Your estimate", "uk": "Результат розрахунку"},
    "total": {"cs": "Mohli byste dostat přibližně {amount} měsíčně.",
              "en": "You could get about {amount} a month.",
              "uk": "Ви могли б отримувати приблизно {amount} на місяць."},
    "total_zero": {"cs": "Podle zadaných údajů byste dávku pravděpodobně nedostali.",
                   "en": "From what you entered, you would probably not get the benefit.",
                   "uk": "За введеними даними ви, ймовірно, допомогу не отримаєте."},
    "parts": {"cs": "Z čeho se dávka skládá", "en": "What the benefit is made of",
              "uk": "З чого складається допомога"},
    "part_housing": {"cs": "na bydlení", "en": "towards housing", "uk": "на житло"},
    "part_living": {"cs": "na živobytí", "en": "towards living costs", "uk": "на прожиття"},
    "part_child": {"cs": "bonus na děti", "en": "child bonus", "uk": "бонус на дітей"},
    "part_work": {"cs": "pracovní bonus", "en": "work bonus", "uk": "робочий бонус"},
    "why": {"cs": "Proč to tak vychází", "en": "Why it comes out like this",
            "uk": "Чому виходить саме так"},
    "why_rent_capped": {
        "cs": "Z nájmu a služeb ({paid}) se počítá jen {counted} – víc pro vaši obec a "
              "velikost domácnosti nejde.",
        "en": "Only {counted} of your rent and services ({paid}) counts: that is the most "
              "allowed for your area and household size.",
        "uk": "З оренди та послуг ({paid}) враховується лише {counted} – це максимум для "
              "вашого району та розміру домогосподарства."},
    "why_contribution": {
        "cs": "Část nákladů na bydlení ({amount}) hradí domácnost sama ze svých příjmů.",
        "en": "The household pays part of its housing costs itself ({amount}) from its "
              "income.",
        "uk": "Частину витрат на житло ({amount}) домогосподарство сплачує саме зі своїх "
              "доходів."},
    "why_income_high": {
        "cs": "Příjmy domácnosti jsou příliš vysoké na složku na živobytí.",
        "en": "The household's income is too high for help with living costs.",
        "uk": "Доходи домогосподарства занадто високі для допомоги на прожиття."},
    "why_inactive": {
        "cs": "Dospělý, který nepracuje, není v evidenci Úřadu práce ani nepatří mezi "
              "chráněné osoby (např. důchodci, rodiče malých dětí, pečující), dávku snižuje. "
              "Registrace na Úřadu práce může pomoct.",
        "en": "An adult who does not work, is not registered at the Labour Office and is not "
              "in a protected group (pensioners, parents of small children, carers…) lowers "
              "the benefit. Registering at the Labour Office can help.",
        "uk": "Дорослий, який не працює, не зареєстрований в Управлінні праці і не належить "
              "до захищених груп (пенсіонери, батьки малих дітей, доглядальники…), зменшує "
              "допомогу. Реєстрація в Управлінні праці може допомогти."},
    "why_enforcement": {
        "cs": "Exekuce vám z příjmů strhnou asi {amount}; domácnosti zůstane {after} "
              "měsíčně i s dávkou.",
        "en": "The bailiff takes about {amount} of your income; the household keeps {after} "
              "a month with the benefit.",
        "uk": "Виконавець утримає приблизно {amount} з ваших доходів; домогосподарству "
              "залишиться {after} на місяць разом із допомогою."},
    "uncertain": {"cs": "Na co si dát pozor", "en": "What makes this less certain",
                  "uk": "Що робить оцінку менш точною"},
    "unc_self_employment": {
        "cs": "Příjmy z podnikání posuzuje Úřad práce zvlášť; odhad je méně přesný.",
        "en": "The Labour Office assesses self-employment income separately; the estimate "
              "is less precise.",
        "uk": "Доходи від підприємництва Управління праці оцінює окремо; оцінка менш точна."},
    "unc_shared_dwelling": {
        "cs": "Když v bytě bydlí víc domácností, Úřad práce může náklady rozdělit.",
        "en": "When several households share a flat, the Labour Office may divide the costs.",
        "uk": "Коли в квартирі живе кілька домогосподарств, Управління праці може розділити "
              "витрати."},
    "unc_non_standard_housing": {
        "cs": "Bydlení na ubytovně nebo v jiném prostoru posuzuje Úřad práce individuálně.",
        "en": "The Labour Office assesses housing in a hostel or another space individually.",
        "uk": "Житло в гуртожитку чи іншому приміщенні Управління праці оцінює "
              "індивідуально."},
    "unc_negative_component": {
        "cs": "Výpočet vyšel neobvykle; ověřte si ho na kontaktním místě.",
        "en": "The calculation came out unusual; check it with a contact point.",
        "uk": "Розрахунок вийшов незвичним; перевірте його в контактному місці."},
    "assets_over": {
        "cs": "Vaše úspory, auta nebo nemovitosti jsou nad limitem – dávka by pravděpodobně "
              "nebyla přiznána.",
        "en": "Your savings, cars or homes are above the limit: the benefit would probably "
              "not be granted.",
        "uk": "Ваші заощадження, автомобілі чи нерухомість перевищують ліміт – допомогу, "
              "ймовірно, не призначать."},
    "assets_limit": {
        "cs": "Úspory domácnosti mohou být nejvýše {limit}.",
        "en": "The household's savings can be at most {limit}.",
        "uk": "Заощадження домогосподарства можуть становити не більше {limit}."},
    "deposit_title": {"cs": "Peníze na kauci", "en": "Money for the deposit",
                      "uk": "Гроші на заставу"},
    "arrears_title": {"cs": "Pomoc s dluhem", "en": "Help with arrears",
                      "uk": "Допомога з боргом"},
    "mop_deposit": {
        "cs": "Úřad práce může na kauci přispět mimořádnou okamžitou pomocí (MOP). Požádejte "
              "před podpisem smlouvy a vezměte s sebou podmínky od pronajímatele.",
        "en": "The Labour Office can contribute to a deposit with emergency assistance (MOP). "
              "Apply before you sign the lease and bring the landlord's terms.",
        "uk": "Управління праці може допомогти із заставою екстреною допомогою (MOP). "
              "Звертайтеся до підписання договору і візьміть умови орендодавця."},
    "mop_arrears": {
        "cs": "Mimořádná okamžitá pomoc (MOP) od Úřadu práce může pomoct, když vám hrozí "
              "ztráta bydlení, např. po nečekané události.",
        "en": "Emergency assistance (MOP) from the Labour Office can help when you are at "
              "risk of losing your home, for example after an unexpected event.",
        "uk": "Екстрена допомога (MOP) від Управління праці може допомогти, коли вам загрожує "
              "втрата житла, наприклад після непередбаченої події."},
    "mop_likely": {"cs": "Podle vašich příjmů má smysl o ni požádat.",
                   "en": "From your income, it is worth applying.",
                   "uk": "З огляду на ваші доходи варто подати заяву."},
    "mop_unlikely": {"cs": "S vašimi příjmy ji pravděpodobně nedostanete, ale zeptat se "
                           "můžete.",
                     "en": "With your income you would probably not get it, but you can ask.",
                     "uk": "З вашими доходами ви її, ймовірно, не отримаєте, але запитати "
                           "можна."},
    "mop_savings": {"cs": "Úřad práce bude chtít, abyste nejdřív použili své úspory.",
                    "en": "The Labour Office will expect you to use your savings first.",
                    "uk": "Управління праці очікуватиме, що спершу ви використаєте свої "
                          "заощадження."},
    "deposit_max": {
        "cs": "Kauce (jistota) může být nejvýše {multiple}× měsíční nájemné a po skončení nájmu "
              "vám ji pronajímatel vrátí i s úroky.",
        "en": "A deposit can be at most {multiple}× the monthly rent, and the landlord returns "
              "it with interest when the lease ends.",
        "uk": "Застава (jistota) може становити не більше {multiple}× місячної орендної плати, "
              "а після закінчення оренди орендодавець повертає її з відсотками."},
    "deposit_over": {
        "cs": "Pronajímatel po vás chce víc, než zákon dovoluje – část kauce nad tento limit "
              "platit nemusíte.",
        "en": "The landlord is asking for more than the law allows: you do not have to pay "
              "the part of the deposit above this limit.",
        "uk": "Орендодавець вимагає більше, ніж дозволяє закон: частину застави понад цей "
              "ліміт ви платити не мусите."},
    "foundation": {
        "cs": "Na kauci nebo část dluhu může přispět i nadační fond – poradí vám kontaktní "
              "místo pro bydlení.",
        "en": "A foundation fund can also contribute to a deposit or part of a debt: a "
              "housing contact point will advise you.",
        "uk": "На заставу або частину боргу може внести кошти й благодійний фонд – порадять "
              "у контактному місці з питань житла."},
    "debt_advice": {
        "cs": "U dluhu se domluvte na splátkách a obraťte se na dluhovou poradnu.",
        "en": "For arrears, agree a repayment plan and contact debt counselling.",
        "uk": "Щодо боргу домовтеся про розстрочку і зверніться до боргової консультації."},
    "partners": {"cs": "Služby, které mohou pomoct", "en": "Services that can help",
                 "uk": "Служби, які можуть допомогти"},
    "apply_title": {"cs": "Jak o dávku požádat", "en": "How to apply",
                    "uk": "Як подати заяву"},
    "apply_text": {
        "cs": "Žádost podává jeden dospělý za celou domácnost se souhlasem ostatních. Můžete "
              "ji podat online přes klientský portál ministerstva práce a sociálních věcí, "
              "nebo osobně na kterémkoli kontaktním pracovišti Úřadu práce.",
        "en": "One adult applies for the whole household with the consent of the others. "
              "Apply online through the client portal of the Ministry of Labour and Social "
              "Affairs, or in person at any branch of the Labour Office.",
        "uk": "Заяву подає один дорослий за все домогосподарство за згодою інших. Подати її "
              "можна онлайн через клієнтський портал Міністерства праці та соціальних справ "
              "або особисто в будь-якому відділенні Управління праці."},
    "apply_portal": {"cs": "Klientský portál MPSV", "en": "The ministry's client portal",
                     "uk": "Клієнтський портал міністерства"},
    "apply_office": {"cs": "Pobočky Úřadu práce", "en": "Labour Office branches",
                     "uk": "Відділення Управління праці"},
    "help_title": {"cs": "Kdo vám pomůže", "en": "Who can help you",
                   "uk": "Хто вам допоможе"},
    "help_text": {
        "cs": "Kontaktní místo pro bydlení vám zdarma pomůže žádost vyplnit a poradí s "
              "bydlením.",
        "en": "A housing contact point helps you fill in the application and advises on "
              "housing, free of charge.",
        "uk": "Контактне місце з питань житла безкоштовно допоможе заповнити заяву і "
              "порадить щодо житла."},
    "help_yours": {"cs": "Vaše kontaktní místo:", "en": "Your contact point:",
                   "uk": "Ваше контактне місце:"},
    "sample_data": {"cs": "Ukázková data: otevírací doba a telefon nejsou skutečné.",
                    "en": "Sample data: the opening hours and the phone number are not real.",
                    "uk": "Зразкові дані: години роботи і телефон не справжні."},
    "help_finder": {"cs": "Najít kontaktní místo pro bydlení",
                    "en": "Find a housing contact point",
                    "uk": "Знайти контактне місце з питань житла"},
    "again": {"cs": "Upravit odpovědi", "en": "Change the answers", "uk": "Змінити відповіді"},
    "disclaimer": {
        "cs": "Odhad vychází z pravidel platných pro měsíc {period} a z toho, co jste zadali. "
              "O dávce rozhoduje Úřad práce.",
        "en": "The estimate uses the rules for {period} and what you entered. The Labour "
              "Office decides on the benefit.",
        "uk": "Оцінка ґрунтується на правилах для місяця {period} і на введених вами даних. "
              "Рішення про допомогу ухвалює Управління праці."},
    "a_month": {"cs": "měsíčně", "en": "a month", "uk": "на місяць"},
}


def language() -> str:
    return current_language()


def text(key: str, **values) -> str:
    """The text ``key`` in the active language, with ``{placeholders}`` filled."""
    found = TEXTS[key][language()]
    return found.format(**values) if values else found


class Texts:
    """Texts for templates: ``{{ t.title }}``."""

    def __getattr__(self, key: str) -> str:
        try:
            return text(key)
        except KeyError:
            raise AttributeError(key) from None

    def __getitem__(self, key: str) -> str:
        return text(key)
