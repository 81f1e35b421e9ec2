/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Copyright (C) 2026 The NetworkManager-nvme authors
 *
 * nm-nvme-settings-doc.c: prints the settings reference from the schema
 * table, so that it can never drift from the code: docs/settings.md (no
 * argument; a unit test diffs them) or the manual page nm-settings-nvme(5)
 * (`--man VERSION`, built and installed by meson). Both print the same
 * prose and the same table; only the markup differs.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nmnvme-settings.h"

typedef enum {
    DOC_MARKDOWN,
    DOC_MAN,
} DocFormat;

/* The prose around the table, in Markdown (`code` spans only). */
static const char *const intro[] = {
    "All keys are optional. On a base profile they are `user.data` keys (keyfile\n"
    "group `[user]`); on an `nvme` VPN-style profile they are `vpn.data` keys.\n"
    "A profile with a bad key or value is rejected as a whole, with an error\n"
    "naming the key; keys outside `nvme.` are ignored.",
    NULL,
};

static const char *const trailer[] = {
    "NVMe URIs: `nvme+tcp://ADDR[:PORT][/NQN]`, ADDR a literal IPv4 address or an\n"
    "IPv6 address in brackets (`nvme+tcp://[fe80::1]:8009`); the interface comes\n"
    "from the connection. Characters of the NQN outside the URI path set are\n"
    "percent-encoded; so is `@`, which is read either way.",
    "Filters: `FIELD=VALUE[,FIELD=VALUE...]` with fields `transport` (tcp, rdma,\n"
    "fc, loop), `traddr` (IP address, compared as an address), `trsvcid` (port)\n"
    "and `subsysnqn`; a filter excludes a controller when every field it names\n"
    "matches. Example:\n"
    "`nvme.exclude=traddr=192.168.77.5 subsysnqn=nqn.2026-01.com.example:scratch`.",
    "TLS: `nvme.tls=yes` connects every controller of the session over TLS 1.3,\n"
    "`auto` those whose discovery log entry asks for it (TSAS TLS 1.3, TREQ);\n"
    "an entry that requires a secure channel is never connected without it. The\n"
    "PSK is `nvme.tls-key` (inserted into the kernel's `.nvme` keyring for the\n"
    "host and subsystem NQNs) or, when unset, a retained PSK an administrator\n"
    "loaded into `.nvme` (see the README's TLS section). `nvme.tls=concat` is\n"
    "secure channel concatenation: every I/O controller authenticates with\n"
    "DH-HMAC-CHAP (`nvme.dhchap-secret`, required) and the kernel derives the TLS\n"
    "PSK from that exchange (no `nvme.tls-key`); it needs the kernel's `concat`\n"
    "option (Linux 6.15 or later), discovery controllers are connected plain.",
    "Booleans accept yes/no, true/false, on/off and 1/0 and are written as yes/no.\n"
    "Secrets (`nvme.dhchap-secret`, `nvme.dhchap-ctrl-secret`, `nvme.tls-key`)\n"
    "belong in `vpn.secrets` of an `nvme` VPN-style profile (`user.data` is readable\n"
    "by every local user) and are never printed by NetworkManager-nvme; messages\n"
    "show `<hidden>`.",
    NULL,
};

/* Markdown table cells cannot hold a bare '|'. */
static char *
md_cell(const char *text)
{
    g_auto(GStrv) parts = g_strsplit(text, "|", -1);

    return g_strjoinv("\\|", parts);
}

/* @text as roff: `code` spans in bold, backslashes and hyphens escaped, a
 * control character at the start of a line neutralised. */
static char *
roff_text(const char *text)
{
    GString *out     = g_string_new(NULL);
    gboolean in_code = FALSE;

    for (const char *p = text; *p; p++) {
        if ((*p == '.' || *p == '\'') && (p == text || p[-1] == '\n'))
            g_string_append(out, "\\&");
        switch (*p) {
        case '`':
            g_string_append(out, in_code ? "\\fR" : "\\fB");
            in_code = !in_code;
            break;
        case '\\':
            g_string_append(out, "\\e");
            break;
        case '-':
            g_string_append(out, "\\-");
            break;
        default:
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

static void
print_paragraphs(DocFormat format, const char *const *paragraphs)
{
    for (guint i = 0; paragraphs[i]; i++) {
        if (format == DOC_MARKDOWN) {
            printf("%s\n\n", paragraphs[i]);
        } else {
            g_autofree char *roff = roff_text(paragraphs[i]);

            printf(".PP\n%s\n", roff);
        }
    }
}

static const char *
default_text(const NMNvmeSettingInfo *info)
{
    if (!info->default_value)
        return info->type == NMNVME_TYPE_SECRET ? "(none)" : "(kernel default)";
    return *info->default_value ? info->default_value : "(empty)";
}

static void
print_setting(DocFormat format, const NMNvmeSettingInfo *info)
{
    g_autofree char *values = nmnvme_setting_info_describe_values(info);

    if (format == DOC_MARKDOWN) {
        g_autofree char *cell = md_cell(values);

        printf("| `%s` | %s | %s | %s |\n", info->name, cell, default_text(info), info->help);
    } else {
        g_autofree char *name = roff_text(info->name);
        g_autofree char *vals = roff_text(values);
        g_autofree char *def  = roff_text(default_text(info));
        g_autofree char *help = roff_text(info->help);

        printf(".TP\n\\fB%s\\fR\n%s.\n.br\nValues: %s.\n.br\nDefault: %s.\n", name, help, vals, def);
    }
}

static void
print_markdown(void)
{
    printf("# `nvme.*` settings\n\n"
           "<!-- Generated by src/lib/settings/nm-nvme-settings-doc from the schema in\n"
           "     src/lib/settings/nmnvme-settings.c; do not edit (`ninja -C build settings-doc`). -->\n\n");
    print_paragraphs(DOC_MARKDOWN, intro);
    printf("| Key | Values | Default | Meaning |\n"
           "|---|---|---|---|\n");
    for (guint k = 0; k < NMNVME_N_KEYS; k++)
        print_setting(DOC_MARKDOWN, nmnvme_setting_info(k));
    printf("\n");
    for (guint i = 0; trailer[i]; i++)
        printf("%s\n%s", trailer[i], trailer[i + 1] ? "\n" : "");
}

static void
print_man(const char *version)
{
    printf(".\\\" Generated by src/lib/settings/nm-nvme-settings-doc from the schema in\n"
           ".\\\" src/lib/settings/nmnvme-settings.c; do not edit.\n"
           ".TH NM-SETTINGS-NVME 5 \"\" \"NetworkManager-nvme %s\" \"File Formats Manual\"\n"
           ".SH NAME\n"
           "nm-settings-nvme \\- the nvme.* settings of NetworkManager profiles\n"
           ".SH DESCRIPTION\n"
           "NetworkManager\\-nvme reads its per\\-connection settings from string keys\n"
           "\\fBnvme.*\\fR of a NetworkManager profile, edited with \\fBnm\\-nvme connection modify\\fR,\n"
           "the keyfile, or \\fBnmcli\\fR for an \\fBnvme\\fR VPN\\-style profile.\n",
           version);
    print_paragraphs(DOC_MAN, intro);
    printf(".SH SETTINGS\n");
    for (guint k = 0; k < NMNVME_N_KEYS; k++)
        print_setting(DOC_MAN, nmnvme_setting_info(k));
    printf(".SH NOTES\n");
    print_paragraphs(DOC_MAN, trailer);
    printf(".SH EXAMPLES\n"
           ".nf\n"
           "nm\\-nvme connection modify storage nvme.discovery nvme+tcp://192.168.77.100\n"
           "nm\\-nvme connection modify storage +nvme.discovery nvme+tcp://[fe80::1]:8009 nvme.kato 20\n"
           ".fi\n"
           ".PP\n"
           "The keyfile form (root; then \\fBnmcli connection reload\\fR):\n"
           ".PP\n"
           ".nf\n"
           "[user]\n"
           "nvme.discovery=nvme+tcp://192.168.77.100\n"
           "nvme.kato=30\n"
           ".fi\n"
           ".SH SEE ALSO\n"
           ".BR nm\\-nvme (1),\n"
           ".BR nm\\-nvme\\-daemon (8),\n"
           ".BR nm\\-settings\\-keyfile (5),\n"
           ".BR nmcli (1)\n");
}

int
main(int argc, char **argv)
{
    if (argc == 1) {
        print_markdown();
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "--man") == 0) {
        print_man(argv[2]);
        return 0;
    }
    fprintf(stderr, "usage: %s [--man VERSION]\n", argv[0]);
    return 2;
}
