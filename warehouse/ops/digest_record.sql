INSERT INTO digests (team, iso_week, generated_at, sent_at, recipients, subject, markdown, html, text, status,
                     error, message_id)
VALUES (:team, :iso_week, :generated_at, :sent_at, :recipients, :subject, :markdown, :html, :text, :status,
        :error, :message_id);
