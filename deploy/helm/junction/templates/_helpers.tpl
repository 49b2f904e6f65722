{{- define "junction.fullname" -}}{{ .Release.Name }}-junction{{- end -}}
{{- define "junction.selectorLabels" -}}
app.kubernetes.io/name: junction
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
