/**
 * The built-in event types' descriptions in French and Russian (the server sends English ones; a
 * host's own types keep the server's words). `code` spans are written in backticks, as the
 * server's are.
 */
export const eventDescriptions: Readonly<Record<'fr' | 'ru', Readonly<Record<string, string>>>> = {
  fr: {
    'call:ringing': 'Un appel commence à sonner sur un numéro suivi (Roistat « au moment de l’appel », début d’appel entrant CTM).',
    'call:answered': 'Un agent a répondu à l’appel.',
    'call:completed': 'L’appel est terminé : le relevé détaillé complet de l’appel (CDR).',
    'call:missed': 'Un appel auquel personne n’a répondu (« appels manqués » de Magnétis).',
    'call:hangup': 'L’appelant a raccroché avant la fin.',
    'call:updated': 'La fiche de l’appel a changé (mise à jour CTM ou manuelle).',
    'call:enriched': 'Des données tardives sont arrivées pour un appel : analytics, PPC, coût, session sur le site.',
    'call:keyword': 'Un mot-clé a été repéré dans la transcription de l’appel.',
    'lead:created': 'Un formulaire envoyé ou une conversion venant du module visiteurs.',
    'sms:received': 'Un SMS a été reçu sur un numéro suivi.',
    'sms:sent': 'Un SMS a été envoyé.',
    'sms:status_changed': 'Le statut de remise d’un SMS a changé.',
    'sale:updated': 'Les données de vente d’une activité ont été mises à jour.',
    'user:action': 'Un utilisateur du compte y a fait une action.',
    'endpoint:disabled': 'callhook a désactivé un point de terminaison : il a répondu 410 Gone, ou tous ses envois ont échoué pendant `disableAfterFailingDays`. Seulement pour les points de terminaison qui le nomment (pas `*`).',
    'endpoint:recovered': 'Un point de terminaison dont le disjoncteur s’était ouvert (`failureThreshold` échecs de suite) a de nouveau réussi. Une fois par série d’échecs. Seulement pour les points de terminaison qui le nomment (pas `*`).',
    'endpoint:secret-rotated': 'Le secret de signature d’un point de terminaison a été renouvelé (le nouveau secret n’est pas dans l’événement). Seulement pour les points de terminaison qui le nomment (pas `*`).',
    'delivery:failed': 'Un envoi a épuisé ses nouvelles tentatives et a échoué définitivement (l’échec d’un envoi opérationnel n’en déclenche pas un autre). Seulement pour les points de terminaison qui le nomment (pas `*`).',
  },
  ru: {
    'call:ringing': 'На отслеживаемый номер поступает звонок (Roistat «в момент звонка», начало входящего в CTM).',
    'call:answered': 'Оператор ответил на звонок.',
    'call:completed': 'Звонок завершён: полная запись о звонке (CDR).',
    'call:missed': 'Звонок, на который никто не ответил («пропущенные звонки» Magnétis).',
    'call:hangup': 'Звонящий положил трубку раньше времени.',
    'call:updated': 'Запись о звонке изменилась (обновление CTM или ручное).',
    'call:enriched': 'По звонку пришли поздние данные: аналитика, PPC, стоимость, сессия на сайте.',
    'call:keyword': 'В расшифровке звонка найдено ключевое слово.',
    'lead:created': 'Отправка формы или конверсия из модуля посетителей.',
    'sms:received': 'На отслеживаемый номер пришло SMS.',
    'sms:sent': 'SMS отправлено.',
    'sms:status_changed': 'Изменился статус доставки SMS.',
    'sale:updated': 'Обновлены данные о продаже по активности.',
    'user:action': 'Пользователь аккаунта выполнил в нём действие.',
    'endpoint:disabled': 'callhook отключил адрес: он ответил 410 Gone или все доставки на него завершались ошибкой в течение `disableAfterFailingDays`. Только для адресов, которые указали это событие явно (не через `*`).',
    'endpoint:recovered': 'Адрес, у которого сработал автомат защиты (`failureThreshold` ошибок подряд), снова принял доставку. Один раз на серию ошибок. Только для адресов, которые указали это событие явно (не через `*`).',
    'endpoint:secret-rotated': 'Секрет подписи адреса заменён (нового секрета в событии нет). Только для адресов, которые указали это событие явно (не через `*`).',
    'delivery:failed': 'Доставка исчерпала повторные попытки и окончательно завершилась ошибкой (ошибка операционной доставки не порождает новую). Только для адресов, которые указали это событие явно (не через `*`).',
  },
}
