--
-- PostgreSQL database dump
--

\restrict G9f19HzeFggumzbZsr0AbWAZt6BLUUTCN4mSkntXVWzkdpsq917tfXG7IYMngVk

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: app;x; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA "app;x";


--
-- Name: audit_fn(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_fn() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
DECLARE
  s text := $body$it's a ; semicolon $$ inside$body$;
BEGIN
  INSERT INTO public.audit(what) VALUES ('ins ' || NEW.id || s);
  RETURN NEW;
END;
$_$;


--
-- Name: label(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.label(begin integer) RETURNS text
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT
         CASE
             WHEN (begin > 0) THEN 'pos;'::text
             ELSE 'neg'::text
         END AS "case";
END;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: t;3; Type: TABLE; Schema: app;x; Owner: -
--

CREATE TABLE "app;x"."t;3" (
    id integer NOT NULL,
    "note; text" text,
    data bytea
);


--
-- Name: audit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit (
    id integer NOT NULL,
    what text
);


--
-- Name: audit_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_id_seq OWNED BY public.audit.id;


--
-- Name: begin; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.begin (
    id integer,
    "end" text
);


--
-- Name: audit id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit ALTER COLUMN id SET DEFAULT nextval('public.audit_id_seq'::regclass);


--
-- Data for Name: t;3; Type: TABLE DATA; Schema: app;x; Owner: -
--

COPY "app;x"."t;3" (id, "note; text", data) FROM stdin;
1	tab\there; back\\slash \\N	\\x00ff5c0a
2	\N	\N
3	Zoë 🎉\nline2\r\n\\.	\\x5c2e
\.


--
-- Data for Name: audit; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit (id, what) FROM stdin;
\.


--
-- Data for Name: begin; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.begin (id, "end") FROM stdin;
1	a;b
2	$$
\.


--
-- Name: audit_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_id_seq', 1, false);


--
-- Name: t;3 t;3_pkey; Type: CONSTRAINT; Schema: app;x; Owner: -
--

ALTER TABLE ONLY "app;x"."t;3"
    ADD CONSTRAINT "t;3_pkey" PRIMARY KEY (id);


--
-- Name: audit audit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_pkey PRIMARY KEY (id);


--
-- Name: t;3 t3_audit; Type: TRIGGER; Schema: app;x; Owner: -
--

CREATE TRIGGER t3_audit AFTER INSERT ON "app;x"."t;3" FOR EACH ROW EXECUTE FUNCTION public.audit_fn();


--
-- PostgreSQL database dump complete
--

\unrestrict G9f19HzeFggumzbZsr0AbWAZt6BLUUTCN4mSkntXVWzkdpsq917tfXG7IYMngVk

